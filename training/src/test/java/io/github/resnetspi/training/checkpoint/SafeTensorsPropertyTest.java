package io.github.resnetspi.training.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.Gson;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.training.EpochMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based tests of the safetensors reader: whatever the bytes, a load returns exactly what the format says
 * the file holds, or fails with the reader's own {@link CheckpointException}; never another exception, never other
 * values.
 */
@Label("safetensors reader, property-based")
class SafeTensorsPropertyTest {
    private static final long TWO_63_MINUS_1 = Long.MAX_VALUE;
    private static Path tmp;

    @BeforeContainer
    static void createDir() throws IOException {
        tmp = Files.createTempDirectory("safetensors-properties");
    }

    @AfterContainer
    static void deleteDir() throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ---- 1. Headers built entry by entry, valid or not, against an independent statement of the format's rules.

    /** One header entry as a test writes it: possibly a wrong dtype, wrong offsets, or a name used twice. */
    record EntrySpec(String name, String dtype, int[] dims, long begin, long end) {
        long bytes() {
            long n = dtype.equals("F16") ? 2 : 4; // F16 is read (converted), I32 only as a num_batches_tracked
            for (int d : dims) {
                n *= d;
            }
            return n;
        }
    }

    /** A whole file: its entries in header order, its metadata entries (keys may repeat), and its data bytes. */
    record FileSpec(List<EntrySpec> entries, List<Map.Entry<String, String>> metadata, int metadataAt, String lead,
                    String trail, byte[] data) {
        byte[] bytes() {
            List<String> parts = new ArrayList<>();
            for (EntrySpec e : entries) {
                parts.add(GSON.toJson(e.name()) + ":{\"dtype\":" + GSON.toJson(e.dtype()) + ",\"shape\":"
                        + Arrays.toString(e.dims()).replace(" ", "") + ",\"data_offsets\":[" + e.begin() + "," + e.end() + "]}");
            }
            if (metadata != null) {
                StringBuilder m = new StringBuilder("\"__metadata__\":{");
                for (int i = 0; i < metadata.size(); i++) {
                    m.append(i == 0 ? "" : ",").append(GSON.toJson(metadata.get(i).getKey())).append(':')
                            .append(GSON.toJson(metadata.get(i).getValue()));
                }
                parts.add(Math.min(metadataAt, parts.size()), m.append('}').toString());
            }
            return RawFiles.file(lead + "{" + String.join(",", parts) + "}" + trail, data);
        }

        /** Whether the format allows this file, stated directly from its rules. */
        boolean valid() {
            Set<String> names = new HashSet<>();
            if (metadata != null) {
                names.add(SafeTensors.METADATA);
                Set<String> keys = new HashSet<>();
                for (Map.Entry<String, String> m : metadata) {
                    if (!keys.add(m.getKey())) {
                        return false;
                    }
                }
            }
            for (EntrySpec e : entries) {
                if (!names.add(e.name()) || !(e.dtype().equals("F32") || e.dtype().equals("F16")) || e.end() < e.begin()
                        || e.end() - e.begin() != e.bytes()) {
                    return false;
                }
            }
            List<EntrySpec> byOffset = new ArrayList<>(entries);
            byOffset.sort(Comparator.comparingLong(EntrySpec::begin).thenComparingLong(EntrySpec::end));
            long at = 0;
            for (EntrySpec e : byOffset) {
                if (e.begin() != at) {
                    return false;
                }
                at = e.end();
            }
            return at == data.length;
        }
    }

    private static final Gson GSON = new Gson();

    @Provide
    Arbitrary<FileSpec> files() {
        Arbitrary<String> names = Arbitraries.of("a", "b", "c", "fc.weight", "bn.running_var", "é \" \\ \u0001");
        Arbitrary<String> dtypes = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just("F32")),
                Tuple.of(1, Arbitraries.of("F16", "I32", "f32", "")));
        Arbitrary<int[]> dims = Arbitraries.integers().between(0, 3).array(int[].class).ofMaxSize(3);
        Arbitrary<List<Tuple.Tuple3<String, String, int[]>>> specs = Combinators.combine(names, dtypes, dims)
                .as(Tuple::of).list().ofMaxSize(4);
        Arbitrary<List<Map.Entry<String, String>>> metadata = Combinators.combine(Arbitraries.of("epoch", "format", "x"),
                Arbitraries.strings().ofMaxLength(4)).as(Map::entry).list().ofMaxSize(3).injectNull(0.3);
        // How the honest, contiguous offsets are disturbed: not at all, shifted, set to extreme values, or copied.
        Arbitrary<Integer> disturbance = Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(1, 1), Tuple.of(1, 2),
                Tuple.of(1, 3), Tuple.of(1, 4));
        Arbitrary<Long> shift = Arbitraries.longs().between(-8, 8);
        Arbitrary<Long> extreme = Arbitraries.of(TWO_63_MINUS_1, TWO_63_MINUS_1 - 15, 1L << 32, (1L << 32) + 16,
                1L << 31, 0L);
        Arbitrary<Integer> dataDelta = Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(1, -4), Tuple.of(1, 4), Tuple.of(1, 1));
        Arbitrary<String> space = Arbitraries.strings().withChars(' ', '\t', '\n', '\r').ofMaxLength(3);
        return Combinators.combine(specs, metadata, disturbance, shift, extreme, dataDelta, space, space)
                .as((s, meta, how, by, big, delta, lead, trail) -> build(s, meta, how, by, big, delta, lead, trail));
    }

    private static FileSpec build(List<Tuple.Tuple3<String, String, int[]>> specs, List<Map.Entry<String, String>> meta,
                                  int how, long by, long big, int delta, String lead, String trail) {
        List<EntrySpec> entries = new ArrayList<>();
        long at = 0;
        for (Tuple.Tuple3<String, String, int[]> s : specs) {
            EntrySpec e = new EntrySpec(s.get1(), s.get2(), s.get3(), at, 0);
            entries.add(new EntrySpec(e.name(), e.dtype(), e.dims(), at, at + e.bytes()));
            at += e.bytes();
        }
        if (!entries.isEmpty() && how > 0) {
            int i = (int) Math.floorMod(by * 31 + big, entries.size());
            EntrySpec e = entries.get(i);
            EntrySpec changed = switch (how) {
                case 1 -> new EntrySpec(e.name(), e.dtype(), e.dims(), Math.max(0, e.begin() + by), Math.max(0, e.end() + by));
                case 2 -> new EntrySpec(e.name(), e.dtype(), e.dims(), big,
                        big > TWO_63_MINUS_1 - e.bytes() ? TWO_63_MINUS_1 : big + e.bytes());
                case 3 -> new EntrySpec(e.name(), e.dtype(), e.dims(), e.end(), e.begin());
                default -> {
                    EntrySpec other = entries.get((i + 1) % entries.size());
                    yield new EntrySpec(e.name(), e.dtype(), e.dims(), other.begin(), other.end());
                }
            };
            entries.set(i, changed);
        }
        byte[] data = new byte[(int) Math.max(0, at + delta)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 37 + 11);
        }
        return new FileSpec(entries, meta, (int) Math.floorMod(by, 5), lead, trail, data);
    }

    @Property(tries = 2000)
    @Label("headers entry by entry: a valid file reads exactly as its offsets say, any other fails with CheckpointException")
    void headers(@ForAll("files") FileSpec spec) {
        byte[] bytes = spec.bytes();
        // Both outcomes must be common, or the property would test little.
        Statistics.label("format says").collect(spec.valid() ? "valid" : "invalid");
        Statistics.label("format says").coverage(c -> {
            c.check("valid").percentage(p -> p > 20);
            c.check("invalid").percentage(p -> p > 20);
        });
        Throwable t = catchThrowable(() -> {
            SafeTensors.Contents c = SafeTensors.parse(bytes, "f");
            assertThat(spec.valid()).as("the reader accepted a file the format forbids").isTrue();
            assertThat(c.tensors().names()).containsExactlyElementsOf(spec.entries().stream().map(EntrySpec::name).toList());
            int dataStart = bytes.length - spec.data().length;
            for (EntrySpec e : spec.entries()) {
                FloatTensor got = c.tensors().get(e.name());
                assertThat(got.shape()).isEqualTo(Shape.of(e.dims()));
                float[] want = new float[got.size()];
                ByteBuffer raw = ByteBuffer.wrap(bytes, dataStart + (int) e.begin(), (int) e.bytes()).order(ByteOrder.LITTLE_ENDIAN);
                if (e.dtype().equals("F16")) {
                    for (int i = 0; i < want.length; i++) {
                        want[i] = SafeTensors.halfToFloat(raw.getShort());
                    }
                } else {
                    raw.asFloatBuffer().get(want);
                }
                assertThat(bits(got)).isEqualTo(bits(want));
            }
            Map<String, String> meta = new LinkedHashMap<>();
            if (spec.metadata() != null) {
                spec.metadata().forEach(m -> meta.put(m.getKey(), m.getValue()));
            }
            assertThat(c.metadata()).isEqualTo(meta);
        });
        if (t instanceof AssertionError a) {
            throw a;
        }
        if (t != null) {
            assertThat(t).as("the reader failed with another exception type").isInstanceOf(CheckpointException.class);
            assertThat(spec.valid()).as("the reader refused a valid file: " + t.getMessage()).isFalse();
        }
    }

    // ---- 2. Real checkpoints, damaged at random: read back exactly as written, or refused.

    /** Where a {@link Mutation} strikes. */
    enum Region { HEADER, DATA, ANYWHERE }

    /** A change to a file's bytes at relative position {@code where} in [0, 1) of its {@code region}. */
    record Mutation(int kind, Region region, double where, byte value, int length) {
        byte[] apply(byte[] b) {
            long n = b.length < 8 ? 0 : ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            int headerEnd = (int) Math.min(b.length, 8 + Math.max(0, Math.min(n, b.length)));
            int from = region == Region.DATA ? headerEnd : 0;
            int to = region == Region.HEADER ? headerEnd : b.length;
            int at = from + (int) (where * (to - from));
            return switch (kind) {
                case 0, 1 -> flipBit(b, at);
                case 2, 3 -> set(b, at, value);
                case 4 -> Arrays.copyOf(b, at);
                case 5 -> concat(b, new byte[] {value}, length);
                case 6 -> insert(b, at, value, length);
                default -> delete(b, at, length);
            };
        }

        private static byte[] flipBit(byte[] b, int at) {
            byte[] c = b.clone();
            if (at < c.length) {
                c[at] ^= (byte) (1 << (at % 8));
            }
            return c;
        }

        private static byte[] set(byte[] b, int at, byte v) {
            byte[] c = b.clone();
            if (at < c.length) {
                c[at] = v;
            }
            return c;
        }

        private static byte[] concat(byte[] b, byte[] v, int times) {
            byte[] c = Arrays.copyOf(b, b.length + times);
            Arrays.fill(c, b.length, c.length, v[0]);
            return c;
        }

        private static byte[] insert(byte[] b, int at, byte v, int times) {
            byte[] c = new byte[b.length + times];
            System.arraycopy(b, 0, c, 0, at);
            Arrays.fill(c, at, at + times, v);
            System.arraycopy(b, at, c, at + times, b.length - at);
            return c;
        }

        private static byte[] delete(byte[] b, int at, int times) {
            int to = Math.min(b.length, at + times);
            byte[] c = new byte[b.length - (to - at)];
            System.arraycopy(b, 0, c, 0, at);
            System.arraycopy(b, to, c, at, b.length - to);
            return c;
        }
    }

    @Provide
    Arbitrary<NamedTensors> states() {
        Arbitrary<int[]> dims = Arbitraries.integers().between(1, 3).array(int[].class).ofMinSize(0).ofMaxSize(3);
        Arbitrary<Tuple.Tuple2<String, int[]>> named = Combinators.combine(
                Arbitraries.of("fc.weight", "fc.bias", "bn.running_var", "fc.weight.momentum_buffer", "x"), dims).as(Tuple::of);
        return Combinators.combine(named.list().ofMinSize(1).ofMaxSize(4).uniqueElements(t -> t.get1()),
                Arbitraries.integers()).as((list, seed) -> {
                    Map<String, FloatTensor> m = new LinkedHashMap<>();
                    java.util.Random r = new java.util.Random(seed);
                    for (Tuple.Tuple2<String, int[]> t : list) {
                        Shape s = Shape.of(t.get2());
                        float[] v = new float[(int) s.size()];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = r.nextInt(8) == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) r.nextGaussian();
                        }
                        m.put(t.get1(), FloatTensor.wrap(s, v));
                    }
                    return NamedTensors.of(m);
                });
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 7),
                        Arbitraries.frequency(Tuple.of(2, Region.HEADER), Tuple.of(1, Region.DATA), Tuple.of(1, Region.ANYWHERE)),
                        Arbitraries.doubles().between(0, 1).filter(d -> d < 1), Arbitraries.bytes(),
                        Arbitraries.integers().between(1, 16))
                .as(Mutation::new).list().ofMinSize(1).ofMaxSize(2);
    }

    @Property(tries = 1000)
    @Label("a checkpoint with random bytes flipped, set, inserted, deleted or cut reads back exactly as written, or is refused")
    void damagedCheckpoints(@ForAll("states") NamedTensors state, @ForAll("mutations") List<Mutation> mutations) throws IOException {
        int epoch = 2;
        List<EpochMetrics> history = CheckpointStoreTest.history(epoch);
        Map<String, String> identity = Map.of("seed", "7", "model", "m");
        // The bytes CheckpointStore.write writes, without its fsync: a thousand of those would dominate the test's time.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(out, state, CheckpointStore.metadata(epoch, state, identity, history, "b"));
        byte[] original = out.toByteArray();
        Path file = tmp.resolve("epoch-0002.safetensors");
        byte[] damaged = original;
        for (Mutation m : mutations) {
            damaged = m.apply(damaged);
        }
        Files.write(file, damaged);
        // Damage the format cannot see (data bytes, metadata values) must be common and caught by the digest.
        Statistics.label("outcome").coverage(c -> {
            c.check("refused: format").percentage(p -> p > 30);
            c.check("refused: content digest").percentage(p -> p > 3);
        });
        try {
            Checkpoint c;
            try {
                c = CheckpointStore.read(file);
                Statistics.label("outcome").collect(Arrays.equals(damaged, original) ? "unchanged, read" : "changed, read");
            } catch (CheckpointException refused) {
                Statistics.label("outcome").collect(refused.getMessage().contains(ContentDigest.KEY)
                        ? "refused: content digest" : "refused: format");
                assertThat(damaged).as("an intact file was refused: " + refused.getMessage()).isNotEqualTo(original);
                return;
            } catch (RuntimeException other) {
                throw new AssertionError("the reader failed with " + other + " instead of a CheckpointException", other);
            }
            assertThat(c.epoch()).isEqualTo(epoch);
            assertThat(c.identity()).isEqualTo(identity);
            assertThat(c.history()).isEqualTo(history);
            assertThat(c.backend()).isEqualTo("b");
            assertThat(c.state().names()).containsExactlyInAnyOrderElementsOf(state.names());
            for (String name : state.names()) {
                assertThat(c.state().get(name).shape()).isEqualTo(state.get(name).shape());
                assertThat(bits(c.state().get(name))).as(name).isEqualTo(bits(state.get(name)));
            }
        } finally {
            Files.delete(file);
        }
    }

    // ---- 3. Arbitrary header text.

    @Provide
    Arbitrary<String> headerTexts() {
        return Arbitraries.strings().withChars("{}[]\",:0123456789-.eE FS_adtypeshapoff\\u").ofMaxLength(90);
    }

    @Property(tries = 1000)
    @Label("any header text and data: a result whose tensors tile the data, or a CheckpointException")
    void anyHeaderText(@ForAll("headerTexts") String header, @ForAll byte[] data) {
        Throwable t = catchThrowable(() -> {
            SafeTensors.Contents c = SafeTensors.parse(RawFiles.file(header, data), "f");
            long bytes = c.tensors().asMap().values().stream().mapToLong(x -> 4L * x.size()).sum();
            assertThat(bytes).isEqualTo(data.length);
        });
        if (t instanceof AssertionError a) {
            throw a;
        }
        if (t != null) {
            assertThat(t).as("only CheckpointException may escape").isInstanceOf(CheckpointException.class);
        }
    }

    private static int[] bits(FloatTensor t) {
        float[] v = new float[t.size()];
        t.buffer().get(v);
        return bits(v);
    }

    private static int[] bits(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }
}
