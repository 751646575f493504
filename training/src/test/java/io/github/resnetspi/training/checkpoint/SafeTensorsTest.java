package io.github.resnetspi.training.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("safetensors files")
class SafeTensorsTest {
    @TempDir
    Path dir;

    static NamedTensors sample() {
        Map<String, FloatTensor> m = new LinkedHashMap<>();
        m.put("conv.weight", FloatTensor.of(Shape.of(2, 1, 2, 2), new float[] {1, -2, 3.5f, 4, 5, 6, 7, Float.MIN_VALUE}));
        m.put("bn.running_var", FloatTensor.of(Shape.of(3), new float[] {0.25f, 1e-7f, 3}));
        return NamedTensors.of(m);
    }

    @Test
    @DisplayName("round-trip tensors and metadata bit for bit")
    void roundTrip() throws Exception {
        Path f = dir.resolve("a.safetensors");
        try (OutputStream out = Files.newOutputStream(f)) {
            SafeTensors.write(out, sample(), Map.of("epoch", "3"));
        }
        SafeTensors.Contents c = SafeTensors.read(f);
        assertThat(c.tensors()).isEqualTo(sample());
        assertThat(c.metadata()).containsEntry("epoch", "3");
    }

    @Test
    @DisplayName("layout: u64 little-endian header length (multiple of 8), JSON header with F32/shape/data_offsets, LE data")
    void layout() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SafeTensors.write(bytes, sample(), Map.of());
        byte[] b = bytes.toByteArray();
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        assertThat(n % 8).isZero();
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{").contains("\"conv.weight\":{\"dtype\":\"F32\",\"shape\":[2,1,2,2],\"data_offsets\":[0,32]}")
                .contains("\"bn.running_var\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[32,44]}");
        assertThat(b.length).isEqualTo(8 + n + 44);
        assertThat(buf.getFloat(8 + (int) n + 8)).isEqualTo(3.5f);
    }

    @Test
    @DisplayName("a truncated file is rejected with a message naming it")
    void truncated() throws Exception {
        Path f = dir.resolve("t.safetensors");
        try (OutputStream out = Files.newOutputStream(f)) {
            SafeTensors.write(out, sample(), Map.of());
        }
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 5));
        assertThatThrownBy(() -> SafeTensors.read(f)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("truncated");
    }

    @Test
    @DisplayName("Python's safetensors reads the file (when python3 with safetensors and numpy is installed)")
    void python() throws Exception {
        Path f = dir.resolve("py.safetensors");
        try (OutputStream out = Files.newOutputStream(f)) {
            SafeTensors.write(out, sample(), Map.of("epoch", "3"));
        }
        String script = "import sys\nfrom safetensors.numpy import load_file\nfrom safetensors import safe_open\n"
                + "t = load_file(sys.argv[1])\nm = safe_open(sys.argv[1], 'np').metadata()\n"
                + "print(t['conv.weight'].dtype, t['conv.weight'].shape, float(t['conv.weight'][0,0,1,0]), m['epoch'])\n";
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", script, f.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "python3 not available");
            return;
        }
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 too slow");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assumeTrue(!out.contains("ModuleNotFoundError"), "python safetensors/numpy not installed");
        assertThat(out).isEqualTo("float32 (2, 1, 2, 2) 3.5 3");
    }
}
