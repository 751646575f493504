package io.github.resnetspi.api;

/** No backend could be selected: none on the classpath, or an unknown name. The message lists what was found and what to add. */
public final class BackendSelectionException extends ResnetSpiException {
    private static final long serialVersionUID = 1L;

    /** @param message what was asked for, what was found and what to add */
    public BackendSelectionException(String message) {
        super(message, ErrorAnchor.BACKEND_NOT_FOUND);
    }
}
