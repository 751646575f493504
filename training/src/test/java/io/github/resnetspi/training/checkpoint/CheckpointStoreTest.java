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

    /** The metrics history of {@code epochs} epochs, as a run writes it. */
    static List<EpochMetrics> history(int epochs) {
        List<EpochMetrics> h = new java.util.ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            h.add(new EpochMetrics(e, 0.1, 0.5 / e, 0.8, 0.7, 100, 1.5, 2.0, 66.7, 1 << 20));
        }
        return h;
    }

    @Test
    @DisplayName("writes epoch-NNNN.safetensors, reads back state, identity and history, keeps the newest two")
    void writeAndRead() {
        CheckpointStore s = new CheckpointStore(dir);
        for (int e = 1; e <= 3; e++) {
            s.write(e, SafeTensorsTest.sample(), Map.of("seed", "5"), history(e), "b");
        }
        assertThat(s.complete()).extracting(p -> p.getFileName().toString())
                .containsExactly("epoch-0002.safetensors", "epoch-0003.safetensors");
        Checkpoint c = s.latest().orElseThrow();
        assertThat(c.epoch()).isEqualTo(3);
        assertThat(c.state()).isEqualTo(SafeTensorsTest.sample());
        assertThat(c.identity()).containsEntry("seed", "5");
        assertThat(c.history()).isEqualTo(history(3));
        assertThat(c.backend()).isEqualTo("b");
    }

    @Test
    @DisplayName("a crash in the middle of writing leaves the previous checkpoint intact and no partial file under a checkpoint name")
    void crashDuringWrite() throws Exception {
        new CheckpointStore(dir).write(1, SafeTensorsTest.sample(), Map.of(), history(1), "b");
        byte[] before = Files.readAllBytes(dir.resolve("epoch-0001.safetensors"));
        CheckpointStore crashing = new CheckpointStore(dir) {
            @Override
            protected void writeContent(OutputStream out, NamedTensors state, Map<String, String> meta) throws IOException {
                out.write(new byte[100]);
                out.flush();
                throw new IOException("disk full (simulated)");
            }
        };
        assertThatThrownBy(() -> crashing.write(2, SafeTensorsTest.sample(), Map.of(), history(2), "b"))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("earlier checkpoints").hasMessageContaining("disk full");
        assertThat(crashing.latest().orElseThrow().epoch()).isEqualTo(1);
        assertThat(dir.resolve("epoch-0001.safetensors")).hasBinaryContent(before);
        assertThat(dir.resolve("epoch-0002.safetensors")).doesNotExist();
    }

    @Test
    @DisplayName("a leftover temporary file from a killed write is ignored")
    void strayTemp() throws Exception {
        CheckpointStore s = new CheckpointStore(dir);
        s.write(1, SafeTensorsTest.sample(), Map.of(), history(1), "b");
        Files.write(dir.resolve(".epoch-0002.safetensors123.tmp"), new byte[10]);
        assertThat(s.latest().orElseThrow().epoch()).isEqualTo(1);
    }

    /** Writes a checkpoint file with exactly {@code meta} (plus a correct content digest), as no run would. */
    static Path writeRaw(Path file, NamedTensors state, Map<String, String> meta) throws IOException {
        Map<String, String> m = new java.util.LinkedHashMap<>(meta);
        m.put(ContentDigest.KEY, ContentDigest.of(state, m));
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            SafeTensors.write(out, state, m);
        }
        return file;
    }

    /** The metadata {@link CheckpointStore#write} gives epoch {@code e}, with {@code key} set to {@code value}. */
    Map<String, String> metaWith(int e, String key, String value) throws IOException {
        Path f = new CheckpointStore(dir.resolve("source")).write(e, SafeTensorsTest.sample(), Map.of("seed", "5"), history(e), "b");
        Map<String, String> m = new java.util.LinkedHashMap<>(SafeTensors.read(f).metadata());
        m.remove(ContentDigest.KEY);
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return m;
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "epoch {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"-1", "0", "abc", "1.5", "99999999999", " 2", ""})
    @DisplayName("metadata epoch that is not a count of complete epochs is refused in one line, and the file stays as it was (item 7)")
    void badEpoch(String epoch) throws Exception {
        Path f = writeRaw(dir.resolve("epoch-0002.safetensors"), SafeTensorsTest.sample(), metaWith(2, "epoch", epoch));
        byte[] before = Files.readAllBytes(f);
        assertThatThrownBy(() -> new CheckpointStore(dir).latest()).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("checkpoint " + f + " has epoch '" + epoch + "' in its metadata, not a number of"
                        + " complete epochs from 1 to 999999999: the file is corrupt or was edited")
                .hasMessageNotContaining("For input string");
        assertThat(f).hasBinaryContent(before);
    }

    @Test
    @DisplayName("a missing epoch, an epoch that differs from the file name, a short history or another format is refused")
    void inconsistentMetadata() throws Exception {
        Path f = dir.resolve("epoch-0002.safetensors");
        writeRaw(f, SafeTensorsTest.sample(), metaWith(2, "epoch", null));
        assertThatThrownBy(() -> CheckpointStore.read(f)).hasMessageContaining("has epoch missing in its metadata");
        writeRaw(f, SafeTensorsTest.sample(), metaWith(3, "history", new com.google.gson.Gson().toJson(history(3))));
        assertThatThrownBy(() -> CheckpointStore.read(f)).hasMessage("checkpoint " + f + " is named for epoch 2 but its"
                + " metadata says epoch 3: the file was renamed or edited" + " (see docs/errors.md#checkpoint)");
        writeRaw(f, SafeTensorsTest.sample(), metaWith(2, "history", new com.google.gson.Gson().toJson(history(1))));
        assertThatThrownBy(() -> CheckpointStore.read(f)).hasMessageContaining("holds 1 epochs of metrics history for epoch 2");
        writeRaw(f, SafeTensorsTest.sample(), metaWith(2, "history", "[{\"epoch\":\"x\"}]"));
        assertThatThrownBy(() -> CheckpointStore.read(f)).hasMessageContaining("has an unreadable metrics history");
        writeRaw(f, SafeTensorsTest.sample(), metaWith(2, "format", "resnet-spi checkpoint v1"));
        assertThatThrownBy(() -> CheckpointStore.read(f)).hasMessage("checkpoint " + f + " is not a " + CheckpointStore.FORMAT
                + " file (format 'resnet-spi checkpoint v1'); it was written by another version of resnet-spi: start"
                + " afresh in an empty checkpoint directory" + " (see docs/errors.md#checkpoint)");
    }

    @Test
    @DisplayName("a flipped bit in the data, which the safetensors format cannot see, fails the content digest")
    void digest() throws Exception {
        Path f = new CheckpointStore(dir).write(1, SafeTensorsTest.sample(), Map.of(), history(1), "b");
        byte[] b = Files.readAllBytes(f);
        b[b.length - 3] ^= 0x10;
        Files.write(f, b);
        assertThat(SafeTensors.read(f).tensors()).isNotEqualTo(SafeTensorsTest.sample());
        assertThatThrownBy(() -> CheckpointStore.read(f)).hasMessage("checkpoint " + f + " does not match its content"
                + " digest (content_sha256): the file was damaged or edited after it was written" + " (see docs/errors.md#checkpoint)");
    }

    @Test
    @DisplayName("when the newest checkpoint is damaged, the message names the older kept one and how to resume from it (item 13)")
    void olderKept() throws Exception {
        CheckpointStore s = new CheckpointStore(dir);
        s.write(1, SafeTensorsTest.sample(), Map.of(), history(1), "b");
        Path newest = s.write(2, SafeTensorsTest.sample(), Map.of(), history(2), "b");
        Files.write(newest, java.util.Arrays.copyOf(Files.readAllBytes(newest), 30));
        assertThatThrownBy(s::latest).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(newest + " is not a valid safetensors file: ")
                .hasMessageEndingWith("; the older checkpoint " + dir.resolve("epoch-0001.safetensors") + " is kept: to"
                        + " resume from it, move the damaged file away (mv " + newest + " " + newest + ".damaged) and resume again" + " (see docs/errors.md#checkpoint)");
        Files.move(newest, dir.resolve("epoch-0002.safetensors.damaged"));
        assertThat(s.latest().orElseThrow().epoch()).isEqualTo(1);

        Files.write(dir.resolve("epoch-0001.safetensors"), new byte[3]);
        assertThatThrownBy(s::latest).hasMessageEndingWith("; no older checkpoint is kept in " + dir
                + ", so start afresh in an empty checkpoint directory" + " (see docs/errors.md#checkpoint)");
    }

    @Test
    @DisplayName("epoch 0 is never written; a file name with an epoch too large for a number is not a checkpoint")
    void epochRange() throws Exception {
        CheckpointStore s = new CheckpointStore(dir);
        assertThatThrownBy(() -> s.write(0, SafeTensorsTest.sample(), Map.of(), history(0), "b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one complete epoch");
        Files.write(dir.resolve("epoch-99999999999.safetensors"), new byte[10]);
        assertThat(s.complete()).isEmpty();
    }
}
