package io.github.resnetspi.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("dataset refusals name the cause and the fix")
class DatasetMessagesTest {
    @TempDir
    Path tmp;

    @Test
    @DisplayName("no network: the download failure says so in words, not as an exception class")
    void noNetwork() throws Exception {
        DataLocator l = new DataLocator(null, k -> null, tmp.resolve("system"), tmp.resolve("cache"),
                (url, target) -> {
                    throw new ConnectException();
                });
        assertThatThrownBy(() -> FashionMnist.load(l)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("failed (no network connection (cannot connect): check the connection or proxy, "
                        + "or get the files by hand)")
                .hasMessageNotContaining("ConnectException")
                .satisfies(e -> assertThat(((DatasetException) e).otherDirectoryMayHelp()).isTrue());
    }

    @Test
    @DisplayName("with a named directory, naming another one is not suggested")
    void namedDirectory() throws Exception {
        Path named = Files.createDirectories(tmp.resolve("named"));
        DataLocator l = new DataLocator(named, k -> null, tmp.resolve("system"), tmp.resolve("cache"), Fetcher.offline());
        assertThatThrownBy(() -> FashionMnist.load(l)).isInstanceOf(DatasetException.class)
                .satisfies(e -> assertThat(((DatasetException) e).otherDirectoryMayHelp()).isFalse());
    }

    @Test
    @DisplayName("swapped train and test files: 'this file holds the test set'")
    void swapped() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("swapped"));
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxFiles.idx(0x0803, new int[] {10000, 1, 1}, new byte[10000]), true);
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFiles.labels(1), true);
        IdxFiles.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxFiles.images(1, 1, 1), true);
        IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxFiles.labels(1), true);
        assertThatThrownBy(() -> FashionMnist.load(dir)).isInstanceOf(DatasetException.class)
                .hasMessage("dataset file " + dir.resolve("train-images-idx3-ubyte.gz") + " holds 10000 items: this file"
                        + " holds the test set, not the training set (the files are swapped or misnamed); put the right"
                        + " file under this name, or delete it, and the next run downloads a fresh copy into " + dir
                        + " (that needs the network; or install dataset-fashion-mnist) (see docs/errors.md#dataset)")
                .satisfies(e -> assertThat(((DatasetException) e).otherDirectoryMayHelp()).isFalse());
    }

    @Test
    @DisplayName("a wrong count or a 10^9-image header names the fix")
    void wrongCountNamesTheFix() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bomb"));
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxFiles.idx(0x0803, new int[] {1000000000, 28, 28},
                new byte[0]), true);
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFiles.labels(1), true);
        IdxFiles.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxFiles.images(1, 1, 1), true);
        IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxFiles.labels(1), true);
        assertThatThrownBy(() -> FashionMnist.load(dir)).hasMessageContaining("holds 1000000000 items, expected 60000:"
                + " wrong or corrupt file; delete it, and the next run downloads a fresh copy into " + dir);
    }

    @Test
    @DisplayName("in Debian's directory the fix is reinstalling the package")
    void systemDirectoryFix() {
        assertThat(FashionMnist.fix(DataLocator.SYSTEM_ROOT.resolve("fashion-mnist")))
                .isEqualTo("reinstall Debian's package: sudo apt-get install --reinstall dataset-fashion-mnist");
    }

    @Test
    @DisplayName("a partial CIFAR-10 directory names the missing files; a bad label names the fix")
    void cifar() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cifar"));
        Files.write(dir.resolve("data_batch_1.bin"), new byte[0]);
        Files.write(dir.resolve("test_batch.bin"), new byte[0]);
        assertThatThrownBy(() -> Cifar10.load(dir)).hasMessageStartingWith("the CIFAR-10 directory " + dir
                + " lacks data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin; put the missing files"
                + " there, or delete the directory's .bin files, and the next run downloads CIFAR-10 again");
        byte[] bad = new byte[Cifar10.RECORD * Cifar10.PER_FILE];
        bad[0] = 42;
        Path f = Files.write(dir.resolve("data_batch_2.bin"), bad);
        assertThatThrownBy(() -> Cifar10.readFile(f)).hasMessageContaining("label 42 in record 0: corrupt file (or not"
                + " the binary version of CIFAR-10); delete the directory's .bin files, and the next run downloads CIFAR-10 again");
    }
}
