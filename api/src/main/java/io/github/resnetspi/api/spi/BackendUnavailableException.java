package io.github.resnetspi.api.spi;

import io.github.resnetspi.api.ResnetSpiException;

/** A backend's engine or a requested device cannot be used here (missing native library, no GPU, ...). */
public final class BackendUnavailableException extends ResnetSpiException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
