package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.cli.cell.HostEnvironment;
import io.github.resnetspi.cli.cell.JsonFiles;
import io.github.resnetspi.cli.compare.ComparisonDirectory;
import io.github.resnetspi.cli.compare.ComparisonPlan;
import io.github.resnetspi.cli.exec.ChildJvm;
import io.github.resnetspi.training.RunDirectoryLock;
import io.github.resnetspi.training.data.DatasetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("messages a user sees name the real cause, in words, with what to do")
class UserMessagesTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("an unexpected failure is told in words, without its exception class")
    void unexpected() {
        String m = Main.message(new UncheckedIOException(new IOException("No space left on device")));
        assertThat(m).isEqualTo("unexpected failure: no space left: free some space there, or choose a directory on"
                + " another disk (run again with --verbose for the details, and report it if it persists)");
        assertThat(Main.message(new IllegalStateException())).doesNotContain("IllegalStateException");
    }

    @Test
    @DisplayName("--data-dir is suggested only where naming a directory could help")
    void dataDirAdvice() {
        Cli given = Cli.run("train", "--backend", "reference", "--data-dir", dir.toString(), "--epochs", "1");
        assertThat(given.code()).as(given.err()).isEqualTo(1);
        assertThat(given.err()).startsWith(ChildJvm.ERROR_PREFIX + "Fashion-MNIST was not found (looked in " + dir)
                .doesNotContain("pass the dataset's directory with --data-dir DIR");
        assertThat(Main.message(new DatasetException("dataset file x holds 3 items, expected 60000: wrong or corrupt"
                + " file; reinstall"))).doesNotContain("--data-dir");
    }

    @Test
    @DisplayName("compare on an --out that a running comparison holds: 'in use by PID n', not 'pass --resume'")
    void compareInUse() throws Exception {
        try (RunDirectoryLock held = RunDirectoryLock.acquire(dir)) {
            Cli r = Cli.run("compare", "--backends", "reference", "--profile", "smoke", "--out", dir.toString());
            assertThat(r.code()).as(r.err()).isEqualTo(1);
            assertThat(r.err().strip()).startsWith(ChildJvm.ERROR_PREFIX + dir + " is in use by another resnet-spi run (PID "
                    + ProcessHandle.current().pid()).doesNotContain("--resume");
        }
    }

    @Test
    @DisplayName("backends with RESNETSPI_THREADS=abc: the threads error once, no engine's GPU reason, no selected backend")
    void backendsBadThreads() throws Exception {
        Cli r = CliProcess.run(List.of(), Map.of("RESNETSPI_THREADS", "abc"), "backends");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith(ChildJvm.ERROR_PREFIX + "environment variable RESNETSPI_THREADS must be a positive"
                + " whole number of threads, got 'abc'");
        assertThat(r.out()).doesNotContain("selected backend").doesNotContain("unsupported: GPU");
    }

    @Test
    @DisplayName("a comparison.json whose lr is 'abc' is named damaged, not blamed on --lr and '<main class> --help'")
    void damagedPlan() throws Exception {
        ComparisonPlan plan = new ComparisonPlan(ComparisonPlan.FORMAT, "t", "smoke", Profile.SMOKE.config(), 1, 1,
                List.of("reference"), "cpu", null, "local", List.of(), 1, 0.5, "resnet-spi compare",
                new HostEnvironment("box", "cpu", 2, 1000, "jvm", "os", null, null));
        JsonFiles.write(dir.resolve(ComparisonDirectory.PLAN), plan);
        Path file = dir.resolve(ComparisonDirectory.PLAN);
        Files.writeString(file, Files.readString(file).replaceFirst("\"learningRate\": [0-9.]+", "\"learningRate\": \"abc\""));
        Cli r = Cli.run("report", dir.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith(ChildJvm.ERROR_PREFIX + "the comparison plan "
                        + dir.resolve(ComparisonDirectory.PLAN) + " is damaged: a value has the wrong type: \"abc\" is"
                        + " not a number. It is written by 'resnet-spi compare': restore it from a"
                        + " copy, or start the comparison afresh in another --out directory")
                .doesNotContain("--help").doesNotContain("Main");
    }

    @Test
    @DisplayName("conformance --out FILE: one line saying the path is taken, no stack trace")
    void conformanceOutFile() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        Cli r = Cli.run("conformance", "--backend", "reference", "--check", "discoveryInfo", "--out", file.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err().strip()).isEqualTo(ChildJvm.ERROR_PREFIX + "cannot write the conformance report into " + file
                + ": already exists on " + file + ": remove it or choose another path");
    }
}
