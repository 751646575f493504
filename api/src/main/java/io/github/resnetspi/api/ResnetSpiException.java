package io.github.resnetspi.api;

/**
 * Base of every exception this project throws on purpose; its message says what was wrong and what to do, in terms
 * of the library (an application adds its own flags), and ends with the {@link ErrorAnchor} of {@code docs/errors.md}
 * that explains it, when there is one.
 */
public class ResnetSpiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The section of {@code docs/errors.md} that explains the error, or null. */
    private final ErrorAnchor anchor;
    private final String problem;

    /** @param message what was wrong and what to do */
    public ResnetSpiException(String message) {
        this(message, (ErrorAnchor) null, null);
    }

    /**
     * @param message what was wrong and what to do
     * @param anchor  the section of {@code docs/errors.md} that explains it
     */
    public ResnetSpiException(String message, ErrorAnchor anchor) {
        this(message, anchor, null);
    }

    /**
     * @param message what was wrong and what to do
     * @param cause   the underlying failure
     */
    public ResnetSpiException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /**
     * @param message what was wrong and what to do
     * @param anchor  the section of {@code docs/errors.md} that explains it, or null
     * @param cause   the underlying failure, or null
     */
    public ResnetSpiException(String message, ErrorAnchor anchor, Throwable cause) {
        super(anchor == null ? message : message + " (see " + anchor.reference() + ")", cause);
        this.anchor = anchor;
        this.problem = message;
    }

    /** @return the message without the reference to {@code docs/errors.md}, for a caller that adds to it */
    public String problem() {
        return problem;
    }

    /** @return the section of {@code docs/errors.md} that explains this error, or null */
    public ErrorAnchor anchor() {
        return anchor;
    }
}
