package io.github.resnetspi.training;

import io.github.resnetspi.api.ResnetSpiException;

/** A run directory cannot be used: it is a file, cannot be created or written, or another run holds it. */
public final class RunDirectoryException extends ResnetSpiException {
    private static final long serialVersionUID = 1L;

    public RunDirectoryException(String message) {
        super(message);
    }

    public RunDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
