package io.github.resnetspi.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What kind of file a path names, in words, found from its metadata alone (nothing is opened): checkpoints, dataset
 * files and a comparison's JSON files must be regular files, and are refused otherwise before they are read, since a
 * named pipe blocks its reader until something writes to it and a device such as {@code /dev/urandom} never ends.
 */
public final class FileKind {
    private static final int TYPE_BITS = 0170000;

    private FileKind() {
    }

    /**
     * {@code "a named pipe (FIFO)"}, {@code "a character device"}, {@code "a block device"}, {@code "a socket"},
     * {@code "a directory"}, {@code "a regular file"} or {@code "missing"}; a symbolic link is followed and named:
     * {@code "a symbolic link to /dev/urandom, a character device"}.
     */
    public static String of(Path path) {
        String kind = kindOf(path);
        if (!Files.isSymbolicLink(path)) {
            return kind;
        }
        try {
            return "a symbolic link to " + Files.readSymbolicLink(path) + ", " + kind;
        } catch (IOException | UnsupportedOperationException e) {
            return "a symbolic link, " + kind;
        }
    }

    /**
     * Null when {@code path} is a regular file (after following links) or does not exist; else why it cannot be read
     * as one: {@code "PATH is a named pipe (FIFO), not a regular file"}.
     */
    public static String notRegular(Path path) {
        if (Files.isRegularFile(path) || !Files.exists(path)) {
            return null;
        }
        return path + " is " + of(path) + ", not a regular file";
    }

    private static String kindOf(Path path) {
        if (!Files.exists(path)) {
            return "missing";
        }
        if (Files.isRegularFile(path)) {
            return "a regular file";
        }
        if (Files.isDirectory(path)) {
            return "a directory";
        }
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "neither a regular file nor a directory";
        }
        return switch (mode & TYPE_BITS) {
            case 0010000 -> "a named pipe (FIFO)";
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0140000 -> "a socket";
            default -> "neither a regular file nor a directory";
        };
    }
}
