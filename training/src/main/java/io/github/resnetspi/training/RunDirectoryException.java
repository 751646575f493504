package io.github.resnetspi.training;

import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.ResnetSpiException;

/** A run directory cannot be used: it is a file, cannot be created or written, or another run holds it. */
public final class RunDirectoryException extends ResnetSpiException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the directory and what to do */
    public RunDirectoryException(String message) {
        super(message, ErrorAnchor.RUN_DIRECTORY);
    }

    /**
     * @param message what is wrong with the directory and what to do
     * @param cause   the I/O failure
     */
    public RunDirectoryException(String message, Throwable cause) {
        super(message, ErrorAnchor.RUN_DIRECTORY, cause);
    }
}
