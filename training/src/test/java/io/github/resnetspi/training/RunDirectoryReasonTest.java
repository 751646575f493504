package io.github.resnetspi.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("why a run directory cannot be used, in words")
class RunDirectoryReasonTest {
    @Test
    @DisplayName("a directory that cannot be created under /proc: no such file or directory, not NoSuchFileException")
    void noSuchFile() {
        Path dir = Path.of("/proc/ck");
        assertThat(RunDirectoryLock.reason(new NoSuchFileException("/proc/ck"), dir))
                .isEqualTo("no such file or directory on /proc/ck: check the path, or create its directory");
    }

    @Test
    @DisplayName("a full disk names the directory, which the operating system's message does not")
    void fullDisk() {
        assertThat(RunDirectoryLock.reason(new IOException("No space left on device"), Path.of("/data/run")))
                .isEqualTo("no space left on /data/run: free some space there, or choose a directory on another disk");
    }

    @Test
    @DisplayName("/proc refuses a directory: the real message of the lock, end to end")
    void procForReal() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunDirectoryLock.acquire(Path.of("/proc/ck")))
                .isInstanceOf(RunDirectoryException.class)
                .hasMessageStartingWith("cannot create directory /proc/ck (")
                .hasMessageNotContaining("Exception");
    }
}
