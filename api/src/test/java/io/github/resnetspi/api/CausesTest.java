package io.github.resnetspi.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CausesTest {
    @Test
    void aConnectExceptionWithoutMessageIsNoNetwork() {
        String s = Causes.of(new IOException(new ConnectException()));
        assertThat(s).startsWith("no network connection").contains("get the files by hand").doesNotContain("Exception");
        assertThat(Causes.of(new UnknownHostException("fashion-mnist.s3.amazonaws.com")))
                .isEqualTo("no network connection (cannot resolve fashion-mnist.s3.amazonaws.com): check the connection,"
                        + " DNS or proxy, or get the files by hand");
    }

    @Test
    void aMissingDirectoryIsNamedWithItsPath() {
        assertThat(Causes.of(new NoSuchFileException("/proc/ck")))
                .isEqualTo("no such file or directory on /proc/ck: check the path, or create its directory");
    }

    @Test
    void aFullDiskNamesThePathTheCallerGives() {
        IOException full = new IOException("No space left on device");
        assertThat(Causes.of(new UncheckedIOException(full), Path.of("/data/run")))
                .isEqualTo("no space left on /data/run: free some space there, or choose a directory on another disk");
    }

    @Test
    void aFullDiskNamesThePathAWrapperAdded() {
        FileSystemException named = new FileSystemException("/data/r/result.json", null, "No space left on device");
        named.initCause(new IOException("No space left on device"));
        assertThat(Causes.of(new UncheckedIOException(named)))
                .isEqualTo("no space left on /data/r/result.json: free some space there, or choose a directory on another disk");
    }

    @Test
    void permissionDeniedSaysSoWithoutRepeatingThePath() {
        assertThat(Causes.about(new AccessDeniedException("/x/train.gz")))
                .isEqualTo("permission denied: give yourself access to it, or choose another path");
        assertThat(Causes.of(new FileSystemException("/x", null, "Read-only file system")))
                .isEqualTo("read-only file system on /x: choose a directory you can write to");
    }

    @Test
    void libraryClassNamesAndUrlsAreLeftOut() {
        String s = Causes.of(new RuntimeException("com.google.gson.stream.MalformedJsonException: Unterminated object at"
                + " line 3 column 5 path $.lr See https://github.com/google/gson/blob/main/Troubleshooting.md#malformed-json"));
        assertThat(s).isEqualTo("Unterminated object at line 3 column 5 path $.lr").doesNotContain("http", "gson.stream");
        assertThat(Causes.of(new IllegalStateException())).isEqualTo("a failure that gave no reason");
    }

    /**
     * No user-facing message in main code is built from an exception's class name, its toString() or a stack trace:
     * each caught failure goes through {@link Causes}. The lines listed here are the justified exceptions.
     */
    @Test
    void mainCodeBuildsNoMessageFromExceptionClassesOrTraces() throws IOException {
        Pattern raw = Pattern.compile("getClass\\(\\)\\.getSimpleName\\(\\)|getClass\\(\\)\\.getName\\(\\)"
                + "|printStackTrace\\(|\\+ e\\)|\\+ e \\+|\\be\\.toString\\(\\)|printFailuresTo");
        List<String> allowed = List.of(
                "Main.java: ex.printStackTrace(err)", // --verbose asks for the trace
                "KitChecks.java: check.group().getSimpleName()", // a JUnit nested-class name, not an exception
                "BackendConformanceKit.java: got \" + e);", // a kit assertion for the backend's author
                "SlurmExecutor.java: .map(e -> \": \" + e)"); // e is a reported error line
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/")
                    && !p.toString().contains("/bench/")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (raw.matcher(line).find()) {
                        String hit = f.getFileName() + ": " + line.strip();
                        if (allowed.stream().noneMatch(a -> hit.startsWith(a.substring(0, a.indexOf(':')))
                                && hit.contains(a.substring(a.indexOf(':') + 2)))) {
                            hits.add(hit);
                        }
                    }
                }
            }
        }
        assertThat(hits).as("messages built from exception classes or traces; use Causes").isEmpty();
    }
}
