package io.github.resnetspi.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("IDX / Fashion-MNIST reader")
class IdxFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {true, false})
    @DisplayName("reads images and labels, gzipped or plain, into a dataset with the right pixels and labels")
    void readsPair(boolean gzip) throws Exception {
        Path img = IdxFiles.write(dir.resolve("img"), IdxFiles.images(3, 4, 5), gzip);
        Path lbl = IdxFiles.write(dir.resolve("lbl"), IdxFiles.labels(7, 0, 9), gzip);
        Dataset d = FashionMnist.readPair("tiny", img, lbl, 3, null, null);
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.height()).isEqualTo(4);
        assertThat(d.width()).isEqualTo(5);
        assertThat(d.label(0)).isEqualTo(7);
        assertThat(d.label(2)).isEqualTo(9);
        assertThat(d.pixel(1, 2)).isEqualTo(31 + 2);
    }

    @Test
    @DisplayName("a truncated gzip file is detected and named")
    void truncatedGzip() throws Exception {
        Path full = IdxFiles.write(dir.resolve("full.gz"), IdxFiles.images(50, 28, 28), true);
        byte[] bytes = Files.readAllBytes(full);
        Path cut = Files.write(dir.resolve("cut-images.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> IdxFile.read(cut, 3, -1, null)).isInstanceOf(DatasetException.class)
                .hasMessageContaining(cut.toString()).hasMessageContaining("truncated");
    }

    @Test
    @DisplayName("a plain file with fewer data bytes than its header announces is reported as truncated")
    void truncatedPlain() throws Exception {
        byte[] content = IdxFiles.images(3, 4, 5);
        Path cut = Files.write(dir.resolve("cut"), Arrays.copyOf(content, content.length - 7));
        assertThatThrownBy(() -> IdxFile.read(cut, 3, -1, null)).isInstanceOf(DatasetException.class)
                .hasMessageContaining(cut.toString()).hasMessageContaining("truncated").hasMessageContaining("found 53");
    }

    @Test
    @DisplayName("an empty file is reported as truncated")
    void empty() throws Exception {
        Path e = Files.write(dir.resolve("empty"), new byte[0]);
        assertThatThrownBy(() -> IdxFile.read(e, 1, -1, null)).hasMessageContaining(e.toString()).hasMessageContaining("truncated");
    }

    @Test
    @DisplayName("a wrong magic number (e.g. labels given as images) is detected")
    void wrongMagic() throws Exception {
        Path lbl = IdxFiles.write(dir.resolve("labels.gz"), IdxFiles.labels(1, 2), true);
        assertThatThrownBy(() -> IdxFile.read(lbl, 3, -1, null)).isInstanceOf(DatasetException.class)
                .hasMessageContaining(lbl.toString()).hasMessageContaining("magic number 0x00000801, expected 0x00000803");
    }

    @Test
    @DisplayName("image and label files with different counts are rejected, naming both")
    void countMismatch() throws Exception {
        Path img = IdxFiles.write(dir.resolve("img.gz"), IdxFiles.images(3, 2, 2), true);
        Path lbl = IdxFiles.write(dir.resolve("lbl.gz"), IdxFiles.labels(1, 2), true);
        assertThatThrownBy(() -> FashionMnist.readPair("x", img, lbl, -1, null, null)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("count mismatch").hasMessageContaining(img.toString()).hasMessageContaining(lbl.toString());
    }

    @Test
    @DisplayName("a file whose item count differs from the expected count is rejected")
    void expectedCount() throws Exception {
        Path img = IdxFiles.write(dir.resolve("img.gz"), IdxFiles.images(3, 2, 2), true);
        assertThatThrownBy(() -> IdxFile.read(img, 3, 60000, null)).hasMessageContaining("holds 3 items, expected 60000");
    }

    @Test
    @DisplayName("bytes after the announced data are rejected")
    void trailingBytes() throws Exception {
        byte[] content = IdxFiles.images(2, 2, 2);
        Path f = Files.write(dir.resolve("long"), Arrays.copyOf(content, content.length + 3));
        assertThatThrownBy(() -> IdxFile.read(f, 3, -1, null)).hasMessageContaining("bytes after");
    }

    @Test
    @DisplayName("content that does not match the pinned SHA-256 fails its checksum, naming the file")
    void checksum() throws Exception {
        Path img = IdxFiles.write(dir.resolve("img.gz"), IdxFiles.images(2, 2, 2), true);
        String good = IdxFile.read(img, 3, -1, null).sha256();
        assertThat(IdxFile.read(img, 3, -1, good).dims()).containsExactly(2, 2, 2);
        String bad = "0".repeat(64);
        assertThatThrownBy(() -> IdxFile.read(img, 3, -1, bad)).isInstanceOf(DatasetException.class)
                .hasMessageContaining(img.toString()).hasMessageContaining("checksum").hasMessageContaining(good);
    }

    @Test
    @DisplayName("a label outside the 10 classes is rejected")
    void badLabel() throws Exception {
        Path img = IdxFiles.write(dir.resolve("img"), IdxFiles.images(2, 2, 2), false);
        Path lbl = IdxFiles.write(dir.resolve("lbl"), IdxFiles.labels(1, 12), false);
        assertThatThrownBy(() -> FashionMnist.readPair("x", img, lbl, -1, null, null)).hasMessageContaining("label 12 at index 1");
    }

    @Test
    @DisplayName("Fashion-MNIST files that are valid IDX but not the real data are rejected by count")
    void fashionMnistRejectsTinyFiles() throws Exception {
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxFiles.images(3, 28, 28), true);
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFiles.labels(1, 2, 3), true);
        IdxFiles.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxFiles.images(3, 28, 28), true);
        IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxFiles.labels(1, 2, 3), true);
        assertThatThrownBy(() -> FashionMnist.load(dir)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz").hasMessageContaining("expected 60000");
    }
}
