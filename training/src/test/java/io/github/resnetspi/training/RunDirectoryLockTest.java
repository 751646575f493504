package io.github.resnetspi.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Run directory lock")
class RunDirectoryLockTest {
    @TempDir
    Path tmp;

    /** Child entry point: locks {@code args[0]}, says so, and holds the lock until its stdin closes. */
    public static void main(String[] args) throws IOException {
        try (RunDirectoryLock lock = RunDirectoryLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    /** Starts a JVM that holds the lock on {@code dir}; returns once it holds it. */
    static Process holder(Path dir) throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), RunDirectoryLockTest.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        assertThat(line).as("first line of the lock-holding JVM").isEqualTo("locked");
        return p;
    }

    @Test
    @DisplayName("a second process is refused with a message naming the holder's PID, and gets the lock once the holder exits")
    void otherProcess() throws Exception {
        Path dir = tmp.resolve("run");
        Process p = holder(dir);
        try {
            assertThatThrownBy(() -> RunDirectoryLock.acquire(dir)).isInstanceOf(RunDirectoryException.class)
                    .hasMessage(dir + " is in use by another resnet-spi run (PID " + p.pid()
                            + "); wait for that run to finish, or choose another directory" + " (see docs/errors.md#run-directory)");
        } finally {
            p.getOutputStream().close();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).isZero();
        try (RunDirectoryLock lock = RunDirectoryLock.acquire(dir)) {
            assertThat(Files.readString(dir.resolve(RunDirectoryLock.FILE_NAME)).trim())
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
    }

    @Test
    @DisplayName("a holder killed with SIGKILL leaves no stale lock")
    void killedHolder() throws Exception {
        Path dir = tmp.resolve("run");
        Process p = holder(dir);
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        try (RunDirectoryLock lock = RunDirectoryLock.acquire(dir)) {
            assertThat(lock.dir()).isEqualTo(dir);
        }
    }

    @Test
    @DisplayName("within one process the directory can be held once; close releases it")
    void sameProcess() {
        Path dir = tmp.resolve("run");
        try (RunDirectoryLock first = RunDirectoryLock.acquire(dir)) {
            assertThatThrownBy(() -> RunDirectoryLock.acquire(dir)).isInstanceOf(RunDirectoryException.class)
                    .hasMessageContaining("(PID " + ProcessHandle.current().pid() + ", this process)");
        }
        RunDirectoryLock again = RunDirectoryLock.acquire(dir);
        again.close();
        again.close();
        assertThat(dir.resolve(RunDirectoryLock.FILE_NAME)).isEmptyFile();
    }

    @Test
    @DisplayName("creates missing directories; a file, or a place where no directory can be made, fails at once")
    void unusable() throws Exception {
        try (RunDirectoryLock lock = RunDirectoryLock.acquire(tmp.resolve("a/b/c"))) {
            assertThat(tmp.resolve("a/b/c")).isDirectory();
        }
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> RunDirectoryLock.acquire(file)).isInstanceOf(RunDirectoryException.class)
                .hasMessage(file + " exists and is not a directory; name a directory (it is created when missing)" + " (see docs/errors.md#run-directory)");
        assertThatThrownBy(() -> RunDirectoryLock.acquire(file.resolve("sub"))).isInstanceOf(RunDirectoryException.class)
                .hasMessage("cannot create directory " + file.resolve("sub") + " (Not a directory: " + file.resolve("sub")
                        + "); name a directory you can write to" + " (see docs/errors.md#run-directory)");
        assertThat(file).hasContent("x");
    }
}
