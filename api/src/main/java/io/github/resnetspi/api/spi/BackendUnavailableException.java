package io.github.resnetspi.api.spi;

import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.ResnetSpiException;

/** A backend's engine or a requested device cannot be used here (missing native library, no GPU, ...). */
public final class BackendUnavailableException extends ResnetSpiException {
    private static final long serialVersionUID = 1L;

    /** @param message what cannot be used and what to do */
    public BackendUnavailableException(String message) {
        super(message, ErrorAnchor.BACKEND_UNAVAILABLE);
    }

    /**
     * @param message what cannot be used and what to do
     * @param cause   the load failure
     */
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, ErrorAnchor.BACKEND_UNAVAILABLE, cause);
    }

    /**
     * @param message what cannot be used and what to do
     * @param anchor  the section of {@code docs/errors.md} that explains it
     */
    public BackendUnavailableException(String message, ErrorAnchor anchor) {
        super(message, anchor);
    }
}
