package io.github.resnetspi.training;

import io.github.resnetspi.api.Causes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive use of a run directory (checkpoints, a report) by one process: an OS lock on the file
 * {@value #FILE_NAME} inside it, which holds the owner's PID. {@link #acquire} creates the directory when missing and
 * proves it writable before anything else happens, so a bad path fails at once instead of after an hour of training.
 * The OS drops the lock when the owner exits in any way, {@code kill -9} included, so a crash never leaves a stale
 * lock. The lock file itself stays: deleting it on release would let two later runs lock two different files under
 * the same name.
 */
public final class RunDirectoryLock implements AutoCloseable {
    public static final String FILE_NAME = ".resnet-spi.lock";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunDirectoryLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} for this process, creating it if needed.
     *
     * @throws RunDirectoryException if {@code dir} is a file, cannot be created or written, or another process (or
     *                               another lock in this one) holds it; the message names the holder's PID
     */
    public static RunDirectoryLock acquire(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new RunDirectoryException(dir + " exists and is not a directory; name a directory (it is created"
                    + " when missing)");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RunDirectoryException("cannot create directory " + dir + " (" + reason(e, dir)
                    + "); name a directory you can write to", e);
        }
        Path file = dir.resolve(FILE_NAME);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw notWritable(dir, e);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            throw inUse(dir, ProcessHandle.current().pid() + ", this process");
        } catch (IOException e) {
            closeQuietly(ch);
            throw new RunDirectoryException("cannot lock " + file + " (" + reason(e, dir) + "); the file system of " + dir
                    + " may not support locks: choose a directory on a local disk", e);
        }
        if (lock == null) {
            String holder = readHolder(ch);
            closeQuietly(ch);
            throw inUse(dir, holder);
        }
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            // The lock file proves little when it already existed: a new file proves the directory takes files.
            Files.delete(Files.createTempFile(dir, ".write-check", ".tmp"));
        } catch (IOException e) {
            closeQuietly(ch);
            throw notWritable(dir, e);
        }
        return new RunDirectoryLock(dir, ch, lock);
    }

    /**
     * Refuses {@code dir} when another process holds its lock now, naming that process, without creating or writing
     * anything: for a command that reads the directory before it {@link #acquire}s it, so that what it reads there (a
     * half-written comparison) is not mistaken for an abandoned one. Where the lock cannot be probed, nothing is
     * said here: {@link #acquire} reports it.
     *
     * @throws RunDirectoryException if another process holds the lock
     */
    public static void checkNotInUse(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                throw inUse(dir, ProcessHandle.current().pid() + ", this process");
            }
            if (lock == null) {
                throw inUse(dir, readHolder(ch));
            }
            lock.release();
        } catch (IOException e) {
            // acquire(dir) opens the same file and reports what is wrong with it
        }
    }

    public Path dir() {
        return dir;
    }

    /** Releases the lock; idempotent. */
    @Override
    public void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            // Clear the PID before releasing, so that no later reader takes it for a live holder.
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases the lock all the same.
        } finally {
            closeQuietly(channel);
        }
    }

    private static String readHolder(FileChannel ch) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            ch.read(buf, 0);
            String pid = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
            return pid.matches("\\d+") ? pid : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static RunDirectoryException inUse(Path dir, String holder) {
        return new RunDirectoryException(dir + " is in use by another resnet-spi run (PID " + holder
                + "); wait for that run to finish, or choose another directory");
    }

    private static RunDirectoryException notWritable(Path dir, IOException e) {
        return new RunDirectoryException("cannot write in directory " + dir + " (" + reason(e, dir)
                + "); name a directory you can write to", e);
    }

    /** What the operating system said, with the path it concerns, e.g. "permission denied: /data/runs". */
    static String reason(IOException e, Path dir) {
        if (e instanceof FileAlreadyExistsException f) {
            return "exists and is not a directory: " + f.getFile();
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null && f.getFile() != null) {
            return f.getReason() + ": " + f.getFile();
        }
        return Causes.of(e, dir);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Nothing is left to release: closing a channel releases its locks even when close reports an error.
        }
    }
}
