package io.github.resnetspi.training.checkpoint;

import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.ResnetSpiException;

/**
 * A checkpoint cannot be written, read, or does not fit the run that wants to resume from it
 * ({@link ErrorAnchor#CHECKPOINT}).
 */
public class CheckpointException extends ResnetSpiException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message, ErrorAnchor.CHECKPOINT);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, ErrorAnchor.CHECKPOINT, cause);
    }
}
