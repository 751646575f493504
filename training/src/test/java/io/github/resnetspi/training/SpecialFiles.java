package io.github.resnetspi.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files that are not regular files, made where a test wants a checkpoint or dataset file. */
public final class SpecialFiles {
    private SpecialFiles() {
    }

    /** A named pipe at {@code file} (coreutils' {@code mkfifo}); nothing ever writes to it. */
    public static Path fifo(Path file) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
        } catch (IOException e) {
            throw new AssertionError("this test needs mkfifo (Debian package coreutils) on PATH", e);
        }
        assertThat(p.waitFor()).as("mkfifo " + file).isZero();
        return file;
    }

    /** A symbolic link at {@code file} to {@code /dev/urandom}, a device that never ends. */
    public static Path urandomLink(Path file) throws IOException {
        assertThat(Path.of("/dev/urandom")).as("this test needs /dev/urandom").exists();
        return Files.createSymbolicLink(file, Path.of("/dev/urandom"));
    }

    /** A Unix domain socket at {@code file}, bound and left open until {@code close}. */
    public static ServerSocketChannel socket(Path file) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(file));
        return ch;
    }

    /** Makes a non-regular file of {@code kind} (fifo, urandom-link, socket or directory) at {@code file}; close what it returns after. */
    public static AutoCloseable make(String kind, Path file) throws IOException, InterruptedException {
        switch (kind) {
            case "fifo" -> fifo(file);
            case "urandom-link" -> urandomLink(file);
            case "socket" -> {
                return socket(file);
            }
            case "directory" -> Files.createDirectory(file);
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        }
        return () -> { };
    }

    /** The words a refusal uses for {@code kind}. */
    public static String words(String kind) {
        return switch (kind) {
            case "fifo" -> "is a named pipe (FIFO), not a regular file";
            case "urandom-link" -> "is a symbolic link to /dev/urandom, a character device, not a regular file";
            case "socket" -> "is a socket, not a regular file";
            case "directory" -> "is a directory, not a regular file";
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
    }
}
