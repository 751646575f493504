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
    @DisplayName("a directory without the batch files says how to get them")
    void missing() {
        assertThatThrownBy(() -> Cifar10.load(dir)).hasMessageContaining("cifar-10-binary.tar.gz");
    }
}
