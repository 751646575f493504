package io.github.resnetspi.training.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("CIFAR-10 binary reader")
class Cifar10Test {
    @TempDir
    Path dir;

    @Test
    @DisplayName("a truncated batch file is detected by its size and named")
    void truncated() throws Exception {
        Path f = Files.write(dir.resolve("data_batch_1.bin"), new byte[3073 * 10]);
        assertThatThrownBy(() -> Cifar10.readFile(f)).isInstanceOf(DatasetException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("truncated");
    }

    @Test
    @DisplayName("a record with a label outside 0..9 is reported as corrupt")
    void badLabel() throws Exception {
        byte[] b = new byte[3073 * 10000];
        b[3073 * 5] = 42;
        Path f = Files.write(dir.resolve("test_batch.bin"), b);
        assertThatThrownBy(() -> Cifar10.readFile(f)).hasMessageContaining("label 42 in record 5");
    }

    @Test
    @DisplayName("unpacks the regular files of a gzipped tar archive, as the official download is packed")
    void untar() throws Exception {
        Path archive = dir.resolve("a.tar.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(archive))) {
            out.write(tarEntry("cifar-10-batches-bin/readme.html", "hello".getBytes()));
            out.write(new byte[1024]);
        }
        Path target = Files.createDirectories(dir.resolve("out"));
        Cifar10.untar(archive, target);
        org.assertj.core.api.Assertions.assertThat(target.resolve("cifar-10-batches-bin/readme.html")).hasContent("hello");
    }

    @Test
    @DisplayName("an archive entry that would escape the target directory is refused")
    void untarEscape() throws Exception {
        Path archive = dir.resolve("b.tar.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(archive))) {
            out.write(tarEntry("../evil", "x".getBytes()));
        }
        Path target = Files.createDirectories(dir.resolve("out2"));
        assertThatThrownBy(() -> Cifar10.untar(archive, target)).hasMessageContaining("escapes");
    }

    /** One ustar entry: header (name, octal size, type '0') and the data padded to 512 bytes. */
    static byte[] tarEntry(String name, byte[] data) {
        byte[] out = new byte[512 + (data.length + 511) / 512 * 512];
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, out, 0, n.length);
        byte[] size = String.format("%011o", data.length).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, out, 124, size.length);
        out[156] = '0';
        System.arraycopy(data, 0, out, 512, data.length);
        return out;
    }

    @Test
    @DisplayName("a directory without the batch files says how to get them")
    void missing() {
        assertThatThrownBy(() -> Cifar10.load(dir)).hasMessageContaining("cifar-10-binary.tar.gz");
    }
}
