package io.github.resnetspi.cli.args;

/** Arguments that parse but do not make sense together; reported like a parse error, with exit code 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the arguments and what to pass instead */
    public UsageException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with the arguments and what to pass instead
     * @param cause   the library's error behind it (its errors.md anchor decides the CLI's advice)
     */
    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
