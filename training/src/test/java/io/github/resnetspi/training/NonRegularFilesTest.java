package io.github.resnetspi.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.training.checkpoint.CheckpointException;
import io.github.resnetspi.training.checkpoint.CheckpointStore;
import io.github.resnetspi.training.checkpoint.SafeTensors;
import io.github.resnetspi.training.data.Cifar10;
import io.github.resnetspi.training.data.DatasetException;
import io.github.resnetspi.training.data.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checkpoints and dataset files that are not regular files are refused from their metadata, without being opened:
 * a named pipe would block the reader forever and {@code /dev/urandom} would never end (issue 28's probes: a FIFO
 * checkpoint hung {@code --resume}; a link to {@code /dev/urandom} ran out of memory after 43 s). Each read runs under
 * a generous guard, so a regression fails instead of hanging the build.
 */
@DisplayName("Non-regular files as checkpoints and datasets: refused without reading them")
class NonRegularFilesTest {
    private static final Duration GUARD = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fifo", "urandom-link", "socket", "directory"})
    @DisplayName("SafeTensors.read refuses it, naming the path and what it is")
    void safetensors(String kind) throws Exception {
        Path file = dir.resolve("model.safetensors");
        try (AutoCloseable ignored = SpecialFiles.make(kind, file)) {
            assertTimeoutPreemptively(GUARD, () -> assertThatThrownBy(() -> SafeTensors.read(file))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageStartingWith("checkpoint " + file + " " + SpecialFiles.words(kind) + "; it was not read"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fifo", "urandom-link", "socket", "directory"})
    @DisplayName("--resume from a directory whose newest checkpoint is one: refused with the mv to the older one")
    void newestCheckpoint(String kind) throws Exception {
        CheckpointStore store = new CheckpointStore(dir);
        store.write(1, NamedTensors.of(Map.of("w", FloatTensor.of(Shape.of(2), new float[] {1, 2}))), Map.of(), List.of(
                new EpochMetrics(1, 0.1, 0.5, 0.8, 0.7, 100, 1.5, 2.0, 66.7, 1 << 20)), "b");
        Path newest = dir.resolve("epoch-0002.safetensors");
        try (AutoCloseable ignored = SpecialFiles.make(kind, newest)) {
            assertTimeoutPreemptively(GUARD, () -> assertThatThrownBy(store::latest)
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageStartingWith("checkpoint " + newest + " " + SpecialFiles.words(kind) + "; it was not read;"
                            + " the older checkpoint " + dir.resolve("epoch-0001.safetensors") + " is kept: to resume"
                            + " from it, move the damaged file away (mv " + newest + " " + newest + ".damaged)"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fifo", "urandom-link", "socket", "directory"})
    @DisplayName("a Fashion-MNIST file that is one: refused, naming the file")
    void fashionMnist(String kind) throws Exception {
        Path file = dir.resolve("train-images-idx3-ubyte.gz");
        for (String name : List.of("train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            Files.write(dir.resolve(name), new byte[0]);
        }
        try (AutoCloseable ignored = SpecialFiles.make(kind, file)) {
            assertTimeoutPreemptively(GUARD, () -> assertThatThrownBy(() -> FashionMnist.load(dir))
                    .isInstanceOf(DatasetException.class)
                    .hasMessageStartingWith("dataset file " + file + " " + SpecialFiles.words(kind) + "; it was not read"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fifo", "urandom-link", "socket", "directory"})
    @DisplayName("a CIFAR-10 batch file that is one: refused, naming the file")
    void cifar(String kind) throws Exception {
        Path batches = Files.createDirectory(dir.resolve(Cifar10.SUBDIR));
        for (String name : List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin")) {
            Files.write(batches.resolve(name), new byte[0]);
        }
        Path file = batches.resolve("data_batch_1.bin");
        Files.delete(file);
        Files.write(batches.resolve("test_batch.bin"), new byte[0]);
        try (AutoCloseable ignored = SpecialFiles.make(kind, file)) {
            assertTimeoutPreemptively(GUARD, () -> assertThatThrownBy(() -> Cifar10.load(dir))
                    .isInstanceOf(DatasetException.class)
                    .hasMessageStartingWith("dataset file " + file + " " + SpecialFiles.words(kind) + "; it was not read"));
        }
    }
}
