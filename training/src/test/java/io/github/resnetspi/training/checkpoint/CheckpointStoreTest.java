package io.github.resnetspi.training.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.training.EpochMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Checkpoint directory")
class CheckpointStoreTest {
    @TempDir
    Path dir;

    static final EpochMetrics M = new EpochMetrics(1, 0.1, 0.5, 0.8, 0.7, 100, 1.5, 2.0, 66.7, 1 << 20);

    @Test
    @DisplayName("writes epoch-NNNN.safetensors, reads back state, identity and history, keeps the newest two")
    void writeAndRead() {
        CheckpointStore s = new CheckpointStore(dir);
        for (int e = 1; e <= 3; e++) {
            s.write(e, SafeTensorsTest.sample(), Map.of("seed", "5"), List.of(M), "b");
        }
        assertThat(s.complete()).extracting(p -> p.getFileName().toString())
                .containsExactly("epoch-0002.safetensors", "epoch-0003.safetensors");
        Checkpoint c = s.latest().orElseThrow();
        assertThat(c.epoch()).isEqualTo(3);
        assertThat(c.state()).isEqualTo(SafeTensorsTest.sample());
        assertThat(c.identity()).containsEntry("seed", "5");
        assertThat(c.history()).containsExactly(M);
        assertThat(c.backend()).isEqualTo("b");
    }

    @Test
    @DisplayName("a crash in the middle of writing leaves the previous checkpoint intact and no partial file under a checkpoint name")
    void crashDuringWrite() throws Exception {
        new CheckpointStore(dir).write(1, SafeTensorsTest.sample(), Map.of(), List.of(M), "b");
        byte[] before = Files.readAllBytes(dir.resolve("epoch-0001.safetensors"));
        CheckpointStore crashing = new CheckpointStore(dir) {
            @Override
            protected void writeContent(OutputStream out, NamedTensors state, Map<String, String> meta) throws IOException {
                out.write(new byte[100]);
                out.flush();
                throw new IOException("disk full (simulated)");
            }
        };
        assertThatThrownBy(() -> crashing.write(2, SafeTensorsTest.sample(), Map.of(), List.of(M, M), "b"))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("earlier checkpoints").hasMessageContaining("disk full");
        assertThat(crashing.latest().orElseThrow().epoch()).isEqualTo(1);
        assertThat(dir.resolve("epoch-0001.safetensors")).hasBinaryContent(before);
        assertThat(dir.resolve("epoch-0002.safetensors")).doesNotExist();
    }

    @Test
    @DisplayName("a leftover temporary file from a killed write is ignored")
    void strayTemp() throws Exception {
        CheckpointStore s = new CheckpointStore(dir);
        s.write(1, SafeTensorsTest.sample(), Map.of(), List.of(M), "b");
        Files.write(dir.resolve(".epoch-0002.safetensors123.tmp"), new byte[10]);
        assertThat(s.latest().orElseThrow().epoch()).isEqualTo(1);
    }
}
