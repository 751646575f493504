package io.github.resnetspi.training.data;

import io.github.resnetspi.training.FileKind;
import java.nio.file.Path;

/** Checks every dataset reader makes before it opens a file. */
final class DataFiles {
    private DataFiles() {
    }

    /**
     * Refuses a dataset file that exists but is not a regular file (a named pipe, a device such as
     * {@code /dev/urandom} behind a symbolic link, a socket, a directory) without opening it: a pipe would block the
     * reader, a device never end.
     */
    static void requireRegular(Path file) {
        String notRegular = FileKind.notRegular(file);
        if (notRegular != null) {
            throw new DatasetException("dataset file " + notRegular + "; it was not read: put the dataset's own file"
                    + " there (or name another directory as the data directory)");
        }
    }
}
