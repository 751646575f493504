package io.github.resnetspi.training.data;

import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.ResnetSpiException;

/**
 * A dataset is missing, truncated or corrupt; the message names the file and says how to get a good copy
 * ({@link ErrorAnchor#DATASET}).
 */
public final class DatasetException extends ResnetSpiException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message, ErrorAnchor.DATASET);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, ErrorAnchor.DATASET, cause);
    }
}
