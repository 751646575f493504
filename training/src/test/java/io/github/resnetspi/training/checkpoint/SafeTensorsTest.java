package io.github.resnetspi.training.checkpoint;

import static io.github.resnetspi.training.checkpoint.RawFiles.bytes;
import static io.github.resnetspi.training.checkpoint.RawFiles.file;
import static io.github.resnetspi.training.checkpoint.RawFiles.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    static byte[] written(NamedTensors tensors, Map<String, String> metadata) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SafeTensors.write(bytes, tensors, metadata);
        return bytes.toByteArray();
    }

    static AbstractThrowableAssert<?, ? extends Throwable> refused(byte[] file) {
        return assertThatThrownBy(() -> SafeTensors.parse(file, "f.safetensors")).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("f.safetensors is not a valid safetensors file: ");
    }

    /** One F32 tensor entry. */
    static String entry(String name, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
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
        assertThat(c.metadata()).containsExactly(Map.entry("epoch", "3"));
    }

    @Test
    @DisplayName("layout: u64 little-endian header length (multiple of 8), JSON header with F32/shape/data_offsets, LE data")
    void layout() throws Exception {
        byte[] b = written(sample(), Map.of());
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        assertThat(n % 8).isZero();
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{\"conv.weight\":{\"dtype\":\"F32\",\"shape\":[2,1,2,2],\"data_offsets\":[0,32]}")
                .contains("\"bn.running_var\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[32,44]}");
        assertThat(b.length).isEqualTo(8 + n + 44);
        assertThat(buf.getFloat(8 + (int) n + 8)).isEqualTo(3.5f);
    }

    @Test
    @DisplayName("a truncated file is rejected with a message naming it")
    void truncated() throws Exception {
        Path f = dir.resolve("t.safetensors");
        byte[] b = written(sample(), Map.of());
        Files.write(f, Arrays.copyOf(b, b.length - 5));
        assertThatThrownBy(() -> SafeTensors.read(f)).isInstanceOf(CheckpointException.class)
                .hasMessage(f + " is not a valid safetensors file: its tensors cover 44 data bytes but the file holds"
                        + " 39: truncated" + " (see docs/errors.md#checkpoint)");
    }

    /**
     * Byte vectors from the reference implementation's own tests (huggingface/safetensors,
     * {@code safetensors/src/tensor.rs}: {@code test_serialization}, {@code test_serialization_forced_alignement},
     * {@code test_empty}, {@code test_whitespace_*}, {@code test_zero_sized_tensor}), which Python's safetensors
     * binds: its files are these bytes.
     */
    @Nested
    @DisplayName("the reference implementation's test vectors")
    class ReferenceVectors {
        static final int[] ATTN_0 = {64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100,
            116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34,
            58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
            101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63,
            0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64};
        static final int[] ATTN0_ALIGNED = {72, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 48, 34, 58, 123, 34, 100, 116,
            121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34, 58,
            91, 49, 44, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102,
            115, 101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 32, 32, 32, 32, 32,
            32, 32, 0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0,
            160, 64};
        static final int[] EMPTY = {8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32};
        static final int[] EMPTY_WITH_METADATA = {40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116,
            97, 95, 95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112,
            116, 34, 125, 125, 32, 32, 32, 32, 32};

        static NamedTensors one(String name, int... dims) {
            return NamedTensors.of(Map.of(name, FloatTensor.of(Shape.of(dims), new float[] {0, 1, 2, 3, 4, 5})));
        }

        @Test
        @DisplayName("test_serialization: the same bytes written, the same tensor read")
        void serialization() throws Exception {
            assertThat(written(one("attn.0", 1, 2, 3), Map.of())).isEqualTo(bytes(ATTN_0));
            assertThat(SafeTensors.parse(bytes(ATTN_0), "v").tensors()).isEqualTo(one("attn.0", 1, 2, 3));
        }

        @Test
        @DisplayName("test_serialization_forced_alignement: the header padded with spaces to a multiple of 8")
        void alignment() throws Exception {
            assertThat(written(one("attn0", 1, 1, 2, 3), Map.of())).isEqualTo(bytes(ATTN0_ALIGNED));
            assertThat(SafeTensors.parse(bytes(ATTN0_ALIGNED), "v").tensors()).isEqualTo(one("attn0", 1, 1, 2, 3));
        }

        @Test
        @DisplayName("test_empty: no tensors, with and without __metadata__")
        void empty() throws Exception {
            assertThat(written(NamedTensors.empty(), Map.of())).isEqualTo(bytes(EMPTY));
            assertThat(written(NamedTensors.empty(), Map.of("framework", "pt"))).isEqualTo(bytes(EMPTY_WITH_METADATA));
            assertThat(SafeTensors.parse(bytes(EMPTY), "v").tensors().size()).isZero();
            assertThat(SafeTensors.parse(bytes(EMPTY_WITH_METADATA), "v").metadata()).containsExactly(Map.entry("framework", "pt"));
        }

        @Test
        @DisplayName("test_whitespace_padded_header and test_whitespace_leading_padded_header: JSON whitespace around the object")
        void whitespace() {
            assertThat(SafeTensors.parse(file("{}\r \t\n", new byte[0]), "v").tensors().size()).isZero();
            assertThat(SafeTensors.parse(file("\t\n{}\r ", new byte[0]), "v").tensors().size()).isZero();
        }

        @Test
        @DisplayName("test_zero_sized_tensor: a shape with a zero dimension takes no bytes")
        void zeroSized() {
            SafeTensors.Contents c = SafeTensors.parse(file("{" + entry("test", "[2,0]", "[0, 0]") + "}", new byte[0]), "v");
            assertThat(c.tensors().get("test").shape()).isEqualTo(Shape.of(2, 0));
        }

        @Test
        @DisplayName("test_json_attack: ten tensors on the same 16 bytes are refused")
        void jsonAttack() {
            StringBuilder h = new StringBuilder("{");
            for (int i = 0; i < 10; i++) {
                h.append(i == 0 ? "" : ",").append(entry("weight_" + i, "[2,2]", "[0,16]"));
            }
            refused(file(h.append("}").toString(), new byte[16])).hasMessageContaining("overlaps");
        }

        @Test
        @DisplayName("test_validation_overflow: shapes whose byte length overflows are refused")
        void overflow() {
            refused(file("{" + entry("test", "[2,18446744073709551614]", "[0,16]") + "}", new byte[16]))
                    .hasMessageContaining("more than 2^63-1");
            refused(file("{" + entry("test", "[2,9223372036854775807]", "[0,16]") + "}", new byte[16]))
                    .hasMessageContaining("more than this reader supports");
            refused(file("{" + entry("test", "[65536,65536,65536,65536]", "[0,16]") + "}", new byte[16]))
                    .hasMessageContaining("exceeds 2^63-1");
        }

        @Test
        @DisplayName("test_header_too_large, test_header_too_small, test_invalid_header_length, test_metadata_incomplete_buffer")
        void lengths() {
            byte[] tooLarge = file("{" + entry("test", "[2,2]", "[0,16]") + "}", new byte[16]);
            tooLarge[5] = tooLarge[6] = tooLarge[7] = (byte) 0xff;
            refused(tooLarge).hasMessageContaining("more than the 100000000 the format allows");
            refused(new byte[0]).hasMessageContaining("fewer than the 8 of the header length");
            refused(bytes('<', 0, 0, 0, 0, 0, 0, 0)).hasMessageContaining("header length is 60 bytes but only 0 bytes follow");
            byte[] good = file("{" + entry("test", "[2,2]", "[0,16]") + "}", new byte[16]);
            refused(Arrays.copyOf(good, good.length + 5)).hasMessageContaining("extra bytes at the end");
            refused(Arrays.copyOf(good, good.length - 2)).hasMessageContaining("truncated");
        }

        @Test
        @DisplayName("test_invalid_header_non_utf8, test_invalid_header_not_json, test_invalid_info")
        void notAHeader() {
            refused(bytes(1, 0, 0, 0, 0, 0, 0, 0, 0xff)).hasMessageContaining("not UTF-8");
            refused(file("{", new byte[0])).hasMessageContaining("not valid JSON");
            refused(file("{" + entry("test", "[2,2]", "[0, 4]") + "}", new byte[4]))
                    .hasMessageContaining("takes 16 bytes, but its data_offsets [0, 4] span 4");
        }
    }

    @Nested
    @DisplayName("offsets (issue 13, item 2)")
    class Offsets {
        @Test
        @DisplayName("offsets near 2^63 cannot wrap around into the header: they leave bytes uncovered or do not parse")
        void near2To63() {
            byte[] data = floats(1, 2, 3, 4);
            refused(file("{" + entry("a", "[4]", "[9223372036854775791,9223372036854775807]") + "}", data))
                    .hasMessageContaining("the data bytes 0 to 9223372036854775791 belong to no tensor");
            refused(file("{" + entry("a", "[4]", "[9223372036854775792,9223372036854775808]") + "}", data))
                    .hasMessageContaining("holds 9223372036854775808, more than 2^63-1");
            // (int) 4294967296 == 0: an offset truncated to 32 bits would read the data as if it started at 0.
            refused(file("{" + entry("a", "[4]", "[4294967296,4294967312]") + "}", data))
                    .hasMessageContaining("belong to no tensor");
        }

        @Test
        @DisplayName("overlapping tensors are refused, naming both")
        void overlap() {
            refused(file("{" + entry("a", "[4]", "[0,16]") + "," + entry("b", "[4]", "[8,24]") + "}", new byte[24]))
                    .hasMessageContaining("tensor 'b' (data_offsets [8, 24]) overlaps tensor 'a' (ending at 16)");
        }

        @Test
        @DisplayName("bytes that belong to no tensor are refused; offsets in any order are accepted when they tile the data")
        void gapsAndOrder() {
            refused(file("{" + entry("a", "[2]", "[0,8]") + "," + entry("b", "[2]", "[12,20]") + "}", new byte[20]))
                    .hasMessageContaining("the data bytes 8 to 12 belong to no tensor (next: 'b')");
            SafeTensors.Contents c = SafeTensors.parse(file("{" + entry("late", "[1]", "[4,8]") + ","
                    + entry("early", "[1]", "[0,4]") + "}", floats(1, 2)), "v");
            assertThat(c.tensors().names()).containsExactly("late", "early");
            assertThat(c.tensors().get("late").get(0)).isEqualTo(2f);
            assertThat(c.tensors().get("early").get(0)).isEqualTo(1f);
        }

        @Test
        @DisplayName("an end before its begin is refused")
        void reversed() {
            refused(file("{" + entry("a", "[0]", "[8,0]") + "}", new byte[8])).hasMessageContaining("data_offsets [8, 0]");
        }
    }

    @Nested
    @DisplayName("keys, dtypes and shapes")
    class Keys {
        @Test
        @DisplayName("a key named twice is refused: tensors, __metadata__, or a metadata entry (JSON parsers keep the last silently)")
        void duplicates() {
            refused(file("{" + entry("a", "[4]", "[0,16]") + "," + entry("a", "[4]", "[16,32]") + "}", new byte[32]))
                    .hasMessageContaining("its header names 'a' twice");
            refused(file("{\"__metadata__\":{},\"__metadata__\":{}}", new byte[0]))
                    .hasMessageContaining("names '__metadata__' twice");
            refused(file("{\"__metadata__\":{\"epoch\":\"1\",\"epoch\":\"2\"}}", new byte[0]))
                    .hasMessageContaining("its __metadata__ names 'epoch' twice");
            refused(file("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}", new byte[0]))
                    .hasMessageContaining("tensor 'a' has two dtype fields");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "{\"a\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}       | tensor 'a' has dtype 'Q7', which the format does not define",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,4]}}      | tensor 'a' of shape (3) takes 12 bytes, but its data_offsets [0, 4] span 4",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}     | tensor 'a': shape holds -1, not a non-negative integer",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}    | tensor 'a': shape holds 1.0, not a non-negative integer",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4e0]}}    | tensor 'a': data_offsets holds 4e0, not a non-negative integer",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4]}}        | tensor 'a' has 1 data_offsets; the format wants [begin, end]",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}                          | tensor 'a' lacks data_offsets",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}} | tensor 'a' has an unknown field 'x'",
                "{\"a\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}          | tensor 'a': dtype must be a string",
                "{\"a\":[1]}                                                       | tensor 'a' must be an object with dtype, shape and data_offsets",
                "{\"__metadata__\":{\"epoch\":3}}                                  | __metadata__ entry 'epoch' must be a string",
                "[1,2]                                                             | its header is not a JSON object",
                "{}{}                                                              | its header is not valid JSON (at line 1 column 4 path $)",
                "{'a':1}                                                           | its header is not valid JSON (at line 1 column 3 path $.)",
        })
        @DisplayName("every rule has its own message")
        void rules(String header, String message) {
            refused(file(header, new byte[4])).hasMessageEndingWith(message.trim() + " (see docs/errors.md#checkpoint)");
        }
    }

    @Nested
    @DisplayName("messages (issue 13, item 9)")
    class Messages {
        @Test
        @DisplayName("a long non-JSON header gives one short line, not the header")
        void nonJsonHeader() {
            String junk = "x".repeat(5600);
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> SafeTensors.parse(file(junk, new byte[0]), "f"));
            assertThat(t).isInstanceOf(CheckpointException.class).hasMessageContaining("not valid JSON");
            assertThat(t.getMessage()).hasSizeLessThan(200).doesNotContain("\n").doesNotContain("xxxxxxxxxx");
            Throwable array = org.assertj.core.api.Assertions.catchThrowable(
                    () -> SafeTensors.parse(file("[" + "1,".repeat(3000) + "1]", new byte[0]), "f"));
            assertThat(array.getMessage()).isEqualTo("f is not a valid safetensors file: its header is not a JSON object"
                    + " (see docs/errors.md#checkpoint)");
        }

        @Test
        @DisplayName("names from the file are shortened and control characters escaped")
        void names() {
            String name = "n\\u0007" + "y".repeat(500);
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> SafeTensors.parse(file(
                    "{" + entry(name, "[1]", "[0,4]") + "," + entry(name, "[1]", "[4,8]") + "}", new byte[8]), "f"));
            assertThat(((CheckpointException) t).problem()).hasSizeLessThan(150).contains("'n\\u0007yyy").contains("...' twice");
        }
    }

    @Nested
    @DisplayName("PyTorch's state_dict files")
    class PyTorchFiles {
        float[] values(FloatTensor t) {
            float[] v = new float[t.size()];
            t.buffer().get(v);
            return v;
        }

        /** A header entry of any dtype. */
        String typed(String name, String dtype, String shape, int begin, int end) {
            return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
        }

        @Test
        @DisplayName("F16, BF16 and F64 are converted to float32 and integer num_batches_tracked dropped, each said in a note")
        void convertedAndDropped() {
            ByteBuffer data = ByteBuffer.allocate(2 * 3 + 2 * 2 + 8 * 2 + 8 + 4).order(ByteOrder.LITTLE_ENDIAN);
            data.putShort((short) 0x3c00).putShort((short) 0xc500).putShort((short) 0x0001); // F16: 1, -5, 2^-24
            data.putShort((short) 0x3fc0).putShort((short) 0xff80);                          // BF16: 1.5, -inf
            data.putDouble(0.1).putDouble(-3);                                               // F64
            data.putLong(1234);                                                              // I64 counter
            data.putFloat(7);                                                                // F32
            String header = "{" + typed("h", "F16", "[3]", 0, 6) + "," + typed("b", "BF16", "[2]", 6, 10) + ","
                    + typed("d", "F64", "[2]", 10, 26) + "," + typed("0.1.num_batches_tracked", "I64", "[]", 26, 34) + ","
                    + typed("f", "F32", "[1]", 34, 38) + "}";
            SafeTensors.Contents c = SafeTensors.parse(file(header, data.array()), "f");
            assertThat(c.tensors().names()).containsExactly("h", "b", "d", "f");
            assertThat(values(c.tensors().get("h"))).containsExactly(1f, -5f, 0x1p-24f);
            assertThat(values(c.tensors().get("b"))).containsExactly(1.5f, Float.NEGATIVE_INFINITY);
            assertThat(values(c.tensors().get("d"))).containsExactly(0.1f, -3f);
            assertThat(values(c.tensors().get("f"))).containsExactly(7f);
            assertThat(c.notes()).containsExactly("converted 1 BF16 tensor to F32", "converted 1 F16 tensor to F32",
                    "converted 1 F64 tensor to F32 (rounded)", "dropped 1 integer num_batches_tracked tensor (PyTorch's"
                            + " batch-norm batch counts, which resnet-spi's batch norm does not use)");
        }

        @Test
        @DisplayName("every binary16 value converts exactly (checked against float arithmetic)")
        void halves() {
            for (int h = 0; h < 0x10000; h++) {
                int e = (h >>> 10) & 0x1f;
                int m = h & 0x3ff;
                float want = e == 0x1f ? (m == 0 ? Float.POSITIVE_INFINITY : Float.NaN)
                        : e == 0 ? m * 0x1p-24f : (1 + m / 1024f) * (float) Math.pow(2, e - 15);
                want = (h & 0x8000) != 0 ? -want : want;
                assertThat(Float.valueOf(SafeTensors.halfToFloat((short) h))).as("0x%04x", h).isEqualTo(Float.valueOf(want));
            }
        }

        @Test
        @DisplayName("an integer tensor that is not a batch counter is refused, saying what is read")
        void otherIntegers() {
            assertThatThrownBy(() -> SafeTensors.parse(file("{" + typed("a", "I32", "[1]", 0, 4) + "}", new byte[4]), "f"))
                    .hasMessage("f: tensor 'a' has dtype 'I32'; state tensors are floating point (F16, BF16, F32, F64),"
                            + " and integer ones are read only as PyTorch's *.num_batches_tracked (which are dropped)"
                            + " (see docs/errors.md#checkpoint)");
            assertThatThrownBy(() -> SafeTensors.parse(file("{" + typed("a", "U8", "[4]", 0, 4) + "}", new byte[4]), "f"))
                    .hasMessageStartingWith("f: tensor 'a' has dtype 'U8', which resnet-spi does not read: save the state as float32");
        }

        @Test
        @DisplayName("batch counters are written as I64 zeros after the tensors and dropped again on reading")
        void countersWritten() throws Exception {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            SafeTensors.write(bytes, sample(), java.util.List.of("bn.num_batches_tracked"), Map.of());
            byte[] all = bytes.toByteArray();
            String header = new String(all, 8, (int) ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(),
                    StandardCharsets.UTF_8).trim();
            assertThat(header).endsWith(",\"bn.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[44,52]}}");
            SafeTensors.Contents c = SafeTensors.parse(all, "f");
            assertThat(c.tensors()).isEqualTo(sample());
            assertThat(c.notes()).hasSize(1);
        }
    }
}
