package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.resnetspi.cli.exec.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 28's probes of non-regular files through the CLI: a FIFO checkpoint hung {@code train --resume} forever, a
 * checkpoint linked to {@code /dev/urandom} ended after 43 s out of memory. Both are refused at once now, naming the
 * file and the older checkpoint to resume from; a dataset file that is a FIFO likewise. Each run is guarded, so a
 * regression fails rather than hanging the build.
 */
@DisplayName("Non-regular checkpoint and dataset files through the CLI: refused at once, never read")
class SpecialFilesCliTest {
    private static final Duration GUARD = Duration.ofSeconds(120);
    private static final List<String> TINY = List.of("train", "--backend", "reference", "--dataset", "synthetic",
            "--model", "resnet-tiny", "--epochs", "2", "--limit-train", "64", "--limit-test", "32", "--batch-size", "32");

    @TempDir
    Path dir;

    private static Cli train(String... extra) {
        List<String> args = new java.util.ArrayList<>(TINY);
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private static void mkfifo(Path file) throws Exception {
        Process p = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
        assertThat(p.waitFor()).as("mkfifo (Debian package coreutils) makes the named pipe " + file).isZero();
    }

    /** A checkpoint directory whose newest checkpoint, epoch 2, was replaced by {@code replace}. */
    private Path checkpoints(String kind) throws Exception {
        Path ck = dir.resolve("ck");
        Cli first = train("--checkpoint", ck.toString());
        assertThat(first.code()).as(first.out() + first.err()).isZero();
        Path newest = ck.resolve("epoch-0002.safetensors");
        Files.delete(newest);
        if (kind.equals("fifo")) {
            mkfifo(newest);
        } else {
            Files.createSymbolicLink(newest, Path.of("/dev/urandom"));
        }
        return ck;
    }

    @Test
    @DisplayName("train --resume whose newest checkpoint is a FIFO: refused at once with the mv to the older one")
    void fifoCheckpoint() throws Exception {
        Path ck = checkpoints("fifo");
        Cli r = assertTimeoutPreemptively(GUARD, () -> train("--checkpoint", ck.toString(), "--resume"));
        assertThat(r.code()).isEqualTo(1);
        Path newest = ck.resolve("epoch-0002.safetensors");
        assertThat(r.err().strip()).startsWith(ChildJvm.ERROR_PREFIX + "checkpoint " + newest + " is a named pipe (FIFO), not"
                + " a regular file; it was not read; the older checkpoint " + ck.resolve("epoch-0001.safetensors")
                + " is kept: to resume from it, move the damaged file away (mv " + newest + " " + newest + ".damaged)"
                + " and resume again");
    }

    @Test
    @DisplayName("train --resume whose newest checkpoint links to /dev/urandom: refused at once, naming the device")
    void urandomCheckpoint() throws Exception {
        Path ck = checkpoints("urandom");
        Cli r = assertTimeoutPreemptively(GUARD, () -> train("--checkpoint", ck.toString(), "--resume"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith(ChildJvm.ERROR_PREFIX + "checkpoint " + ck.resolve("epoch-0002.safetensors")
                + " is a symbolic link to /dev/urandom, a character device, not a regular file; it was not read;")
                .doesNotContain("out of memory");
    }

    @Test
    @DisplayName("a Fashion-MNIST file that is a FIFO in --data-dir: refused at once, naming the file")
    void fifoDataset() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        for (String name : List.of("train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            Files.write(data.resolve(name), new byte[0]);
        }
        Path fifo = data.resolve("train-images-idx3-ubyte.gz");
        mkfifo(fifo);
        Cli r = assertTimeoutPreemptively(GUARD, () -> Cli.run("train", "--backend", "reference", "--dataset",
                "fashion-mnist", "--model", "resnet-tiny", "--epochs", "1", "--data-dir", data.toString()));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith(ChildJvm.ERROR_PREFIX + "dataset file " + fifo + " is a named pipe (FIFO), not"
                + " a regular file; it was not read: put the dataset's own file there (or name another directory as the"
                + " data directory)");
    }
}
