package io.github.resnetspi.training.data;

import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.ResnetSpiException;

/**
 * A dataset is missing, truncated or corrupt; the message names the file and says how to get a good copy
 * ({@link ErrorAnchor#DATASET}). {@link #otherDirectoryMayHelp()} tells an application whether naming the dataset's
 * directory is worth suggesting: only when the data was not found and the user named no directory.
 */
public final class DatasetException extends ResnetSpiException {
    private static final long serialVersionUID = 1L;
    private final boolean otherDirectoryMayHelp;

    public DatasetException(String message) {
        this(message, null, false);
    }

    public DatasetException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /**
     * @param otherDirectoryMayHelp whether the data was not found where looked and the user named no directory
     */
    DatasetException(String message, Throwable cause, boolean otherDirectoryMayHelp) {
        super(message, ErrorAnchor.DATASET, cause);
        this.otherDirectoryMayHelp = otherDirectoryMayHelp;
    }

    /** @return whether naming the directory that holds the dataset could help (not found, none named) */
    public boolean otherDirectoryMayHelp() {
        return otherDirectoryMayHelp;
    }
}
