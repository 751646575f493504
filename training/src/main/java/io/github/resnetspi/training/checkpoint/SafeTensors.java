package io.github.resnetspi.training.checkpoint;

import io.github.resnetspi.api.Causes;
import com.google.gson.Gson;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.training.FileKind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The safetensors format (Hugging Face) for float32 state: an 8-byte little-endian header length {@code n}, {@code n}
 * bytes of UTF-8 JSON (padded with spaces to a multiple of 8), then the raw little-endian data. The header maps each
 * tensor name to {@code {"dtype":"F32","shape":[...],"data_offsets":[begin,end]}} (offsets relative to the data
 * section) and may hold string-to-string {@code "__metadata__"}. Python's {@code safetensors.numpy.load_file} reads
 * these files.
 *
 * <p>Files PyTorch writes for a {@code state_dict} are read as they are: F16, BF16 and F64 tensors are converted to
 * float32 (F64 rounded), and PyTorch's integer batch-norm counters ({@code *.num_batches_tracked}, I64) are dropped,
 * since the library's batch norm does not use them; {@link Contents#notes()} says what was converted or dropped. Any
 * other integer tensor is refused. The format stores every tensor dense, in row-major order, and once (Python's
 * {@code save_file} refuses tensors that share memory and writes non-contiguous ones contiguously), so there is no
 * other layout to accept. {@link #write(OutputStream, NamedTensors, List, Map)} can add such counters, for
 * {@code load_state_dict(strict=True)}.
 *
 * <p>The reader accepts exactly what the format allows and refuses everything else with a
 * {@link CheckpointException} that names the file and the problem: a header length above
 * {@value #MAX_HEADER_BYTES} bytes (the reference implementation's limit) or beyond the file, a header that is not
 * UTF-8 JSON of that shape, duplicate keys (JSON parsers silently keep the last one), a dtype other than those above, a shape
 * whose byte length differs from its offsets, and offsets that do not cover the data section exactly, contiguously
 * and once. All offset arithmetic is overflow-checked, so no offset can reach outside the data section.
 */
public final class SafeTensors {
    public static final String METADATA = "__metadata__";
    /** The largest header the reference implementation accepts. */
    public static final long MAX_HEADER_BYTES = 100_000_000;
    /** The largest file this reader loads (one Java array). */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    /** The format's dtypes: named in messages so that a known but unsupported dtype is not called corrupt. */
    static final Set<String> DTYPES = Set.of("BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3",
            "F6_E3M2", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64", "C64");
    private static final Pattern NON_NEGATIVE_INTEGER = Pattern.compile("0|[1-9][0-9]*");
    private static final int MAX_QUOTED = 60;

    /** PyTorch's batch-norm counter: an integer tensor named {@code <bn>.num_batches_tracked}. */
    public static final String BATCH_COUNTER_SUFFIX = ".num_batches_tracked";
    /** The floating-point dtypes read (converted to float32 when not F32). */
    static final Set<String> FLOAT_DTYPES = Set.of("F16", "BF16", "F32", "F64");
    /** The integer dtypes PyTorch may give a batch-norm counter. */
    static final Set<String> COUNTER_DTYPES = Set.of("I64", "I32");

    /**
     * What a file holds: the tensors in header order (float32), the metadata, and one line per kind of conversion or
     * dropped entry (empty when the file held float32 tensors only).
     */
    public record Contents(NamedTensors tensors, Map<String, String> metadata, List<String> notes) {
        public Contents {
            notes = List.copyOf(notes);
        }
    }

    /** One header entry, before it is checked against the data section. */
    private record Entry(String name, String dtype, int[] dims, long begin, long end) {
    }

    private SafeTensors() {
    }

    /** Writes {@code tensors} and {@code metadata} to {@code out} (not closed); no {@code __metadata__} when empty. */
    public static void write(OutputStream out, NamedTensors tensors, Map<String, String> metadata) throws IOException {
        write(out, tensors, List.of(), metadata);
    }

    /**
     * Writes {@code tensors}, then one I64 scalar 0 per name of {@code batchCounters} (PyTorch's
     * {@code num_batches_tracked}, which {@code load_state_dict(strict=True)} requires and which only batch norm with
     * {@code momentum=None} reads), and {@code metadata}, to {@code out} (not closed).
     */
    public static void write(OutputStream out, NamedTensors tensors, List<String> batchCounters,
                             Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put(METADATA, new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, FloatTensor> e : tensors.asMap().entrySet()) {
            if (e.getKey().equals(METADATA)) {
                throw new IllegalArgumentException("a tensor cannot be named " + METADATA);
            }
            long bytes = 4L * e.getValue().size();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", "F32");
            entry.put("shape", e.getValue().shape().dims());
            entry.put("data_offsets", new long[] {offset, offset + bytes});
            header.put(e.getKey(), entry);
            offset += bytes;
        }
        for (String name : batchCounters) {
            if (tensors.contains(name) || name.equals(METADATA)) {
                throw new IllegalArgumentException("a batch counter cannot be named " + name);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", "I64");
            entry.put("shape", new int[0]);
            entry.put("data_offsets", new long[] {offset, offset + 8});
            header.put(name, entry);
            offset += 8;
        }
        byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        if (padded > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("the safetensors header would take " + padded + " bytes, more than the "
                    + MAX_HEADER_BYTES + " readers accept");
        }
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        out.write(head.array());
        for (FloatTensor t : tensors.asMap().values()) {
            ByteBuffer buf = ByteBuffer.allocate(4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(t.buffer());
            out.write(buf.array());
        }
        out.write(new byte[8 * batchCounters.size()]);
    }

    /** Reads a file written by this class, by Python's safetensors or from a PyTorch {@code state_dict}. */
    public static Contents read(Path file) {
        String notRegular = FileKind.notRegular(file);
        if (notRegular != null) {
            // a named pipe would block this read until something writes to it, a device such as /dev/urandom never end
            throw new CheckpointException("checkpoint " + notRegular + "; it was not read");
        }
        byte[] all;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new CheckpointException(file + " is " + size + " bytes, more than the " + MAX_FILE_BYTES
                        + " this reader loads");
            }
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + Causes.about(e), e);
        }
        return parse(all, file.toString());
    }

    /** Parses the bytes of a whole file; {@code source} names it in messages. */
    public static Contents parse(byte[] all, String source) {
        if (all.length < 8) {
            throw corrupt(source, "it has " + all.length + " bytes, fewer than the 8 of the header length: truncated");
        }
        long n = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw corrupt(source, "its header length is " + Long.toUnsignedString(n) + " bytes, more than the "
                    + MAX_HEADER_BYTES + " the format allows");
        }
        if (n > all.length - 8L) {
            throw corrupt(source, "its header length is " + n + " bytes but only " + (all.length - 8)
                    + " bytes follow: truncated");
        }
        int dataStart = 8 + (int) n;
        long dataLength = all.length - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = parseHeader(source, decodeUtf8(source, all, (int) n), metadata);
        checkCoverage(source, entries, dataLength);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        Map<String, Integer> converted = new TreeMap<>();
        int counters = 0;
        for (Entry e : entries) {
            if (COUNTER_DTYPES.contains(e.dtype())) {
                counters++;
                continue;
            }
            if (!e.dtype().equals("F32")) {
                converted.merge(e.dtype(), 1, Integer::sum);
            }
            ByteBuffer data = ByteBuffer.wrap(all, dataStart + (int) e.begin(), (int) (e.end() - e.begin()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            tensors.put(e.name(), FloatTensor.wrap(Shape.of(e.dims()), floats(e.dtype(), data)));
        }
        List<String> notes = new ArrayList<>();
        converted.forEach((dtype, count) -> notes.add("converted " + count + " " + dtype + " tensor" + (count == 1 ? "" : "s")
                + " to F32" + (dtype.equals("F64") ? " (rounded)" : "")));
        if (counters > 0) {
            notes.add("dropped " + counters + " integer " + BATCH_COUNTER_SUFFIX.substring(1) + " tensor"
                    + (counters == 1 ? "" : "s") + " (PyTorch's batch-norm batch counts, which resnet-spi's batch norm"
                    + " does not use)");
        }
        return new Contents(NamedTensors.of(tensors), metadata, notes);
    }

    /** The little-endian values of one tensor of a floating-point {@code dtype}, as float32. */
    private static float[] floats(String dtype, ByteBuffer data) {
        float[] v = new float[data.remaining() / bytesPer(dtype)];
        switch (dtype) {
            case "F32" -> data.asFloatBuffer().get(v);
            case "F64" -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) data.getDouble();
                }
            }
            case "BF16" -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = Float.intBitsToFloat((data.getShort() & 0xffff) << 16);
                }
            }
            case "F16" -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = halfToFloat(data.getShort());
                }
            }
            default -> throw new IllegalArgumentException("not a floating-point dtype: " + dtype);
        }
        return v;
    }

    /** IEEE 754 binary16 to float32, exactly (every half value is a float). */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f; // subnormal (or zero): mantissa × 2^-24
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static int bytesPer(String dtype) {
        return switch (dtype) {
            case "F16", "BF16" -> 2;
            case "F32", "I32" -> 4;
            default -> 8; // F64, I64
        };
    }

    private static String decodeUtf8(String source, byte[] all, int n) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(all, 8, n)).toString();
        } catch (CharacterCodingException e) {
            throw corrupt(source, "its header is not UTF-8 text");
        }
    }

    /** Reads the header's entries in file order, checking each on its own; fills {@code metadata}. */
    private static List<Entry> parseHeader(String source, String json, Map<String, String> metadata) {
        JsonReader r = new JsonReader(new StringReader(json));
        r.setStrictness(Strictness.STRICT);
        List<Entry> entries = new ArrayList<>();
        try {
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw corrupt(source, "its header is not a JSON object");
            }
            r.beginObject();
            Set<String> names = new HashSet<>();
            while (r.hasNext()) {
                String name = r.nextName();
                if (!names.add(name)) {
                    throw corrupt(source, "its header names " + quote(name) + " twice");
                }
                if (name.equals(METADATA)) {
                    readMetadata(source, r, metadata);
                } else {
                    entries.add(readEntry(source, r, name));
                }
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw corrupt(source, "its header has more after the JSON object");
            }
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            // Syntax errors (MalformedJsonException, EOF); the reader's own text may quote header bytes, its position does not.
            throw corrupt(source, "its header is not valid JSON (" + position(r) + ")");
        }
        return entries;
    }

    private static void readMetadata(String source, JsonReader r, Map<String, String> metadata) throws IOException {
        if (r.peek() == JsonToken.NULL) {
            r.nextNull();
            return;
        }
        expect(source, r, JsonToken.BEGIN_OBJECT, METADATA + " must be an object of strings");
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            if (metadata.containsKey(key)) {
                throw corrupt(source, "its " + METADATA + " names " + quote(key) + " twice");
            }
            expect(source, r, JsonToken.STRING, METADATA + " entry " + quote(key) + " must be a string");
            metadata.put(key, r.nextString());
        }
        r.endObject();
    }

    private static Entry readEntry(String source, JsonReader r, String name) throws IOException {
        String what = "tensor " + quote(name);
        expect(source, r, JsonToken.BEGIN_OBJECT, what + " must be an object with dtype, shape and data_offsets");
        r.beginObject();
        String dtype = null;
        long[] shape = null;
        long[] offsets = null;
        while (r.hasNext()) {
            String field = r.nextName();
            boolean seen = switch (field) {
                case "dtype" -> {
                    expect(source, r, JsonToken.STRING, what + ": dtype must be a string");
                    boolean twice = dtype != null;
                    dtype = r.nextString();
                    yield twice;
                }
                case "shape" -> {
                    boolean twice = shape != null;
                    shape = integers(source, r, what + ": shape");
                    yield twice;
                }
                case "data_offsets" -> {
                    boolean twice = offsets != null;
                    offsets = integers(source, r, what + ": data_offsets");
                    yield twice;
                }
                default -> throw corrupt(source, what + " has an unknown field " + quote(field));
            };
            if (seen) {
                throw corrupt(source, what + " has two " + field + " fields");
            }
        }
        r.endObject();
        if (dtype == null || shape == null || offsets == null) {
            throw corrupt(source, what + " lacks " + (dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets"));
        }
        if (!DTYPES.contains(dtype)) {
            throw corrupt(source, what + " has dtype " + quote(dtype) + ", which the format does not define");
        }
        if (COUNTER_DTYPES.contains(dtype) && !name.endsWith(BATCH_COUNTER_SUFFIX)) {
            throw new CheckpointException(source + ": tensor " + quote(name) + " has dtype " + quote(dtype) + "; state"
                    + " tensors are floating point (F16, BF16, F32, F64), and integer ones are read only as PyTorch's"
                    + " *" + BATCH_COUNTER_SUFFIX + " (which are dropped)");
        }
        if (!FLOAT_DTYPES.contains(dtype) && !COUNTER_DTYPES.contains(dtype)) {
            throw new CheckpointException(source + ": tensor " + quote(name) + " has dtype " + quote(dtype)
                    + ", which resnet-spi does not read: save the state as float32, e.g. {k: v.float() for k, v in"
                    + " state_dict.items()}");
        }
        if (offsets.length != 2) {
            throw corrupt(source, what + " has " + offsets.length + " data_offsets; the format wants [begin, end]");
        }
        int[] dims = new int[shape.length];
        long bytes = bytesPer(dtype);
        for (int i = 0; i < dims.length; i++) {
            if (shape[i] > Integer.MAX_VALUE) {
                throw corrupt(source, what + " has dimension " + shape[i] + ", more than this reader supports");
            }
            dims[i] = (int) shape[i];
            bytes = multiply(source, what, bytes, shape[i]);
        }
        if (bytes > MAX_FILE_BYTES) {
            throw corrupt(source, what + " of shape " + Shape.of(dims) + " would take " + bytes + " bytes, more than"
                    + " this reader loads");
        }
        if (offsets[1] < offsets[0] || offsets[1] - offsets[0] != bytes) {
            throw corrupt(source, what + " of shape " + Shape.of(dims) + " takes " + bytes + " bytes, but its"
                    + " data_offsets " + Arrays.toString(offsets) + " span " + (offsets[1] - offsets[0]));
        }
        return new Entry(name, dtype, dims, offsets[0], offsets[1]);
    }

    /** The data section must be covered exactly: offsets sorted, starting at 0, each tensor where the last ended. */
    private static void checkCoverage(String source, List<Entry> entries, long dataLength) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < covered) {
                throw corrupt(source, "tensor " + quote(e.name()) + " (data_offsets [" + e.begin() + ", " + e.end()
                        + "]) overlaps tensor " + quote(previous.name()) + " (ending at " + covered + ")");
            }
            if (e.begin() > covered) {
                throw corrupt(source, "the data bytes " + covered + " to " + e.begin() + " belong to no tensor (next: "
                        + quote(e.name()) + ")");
            }
            covered = e.end();
            previous = e;
        }
        if (covered != dataLength) {
            throw corrupt(source, "its tensors cover " + covered + " data bytes but the file holds " + dataLength
                    + (covered > dataLength ? ": truncated" : ": extra bytes at the end"));
        }
    }

    /** An array of non-negative integers; literals such as {@code -1}, {@code 1.0} or {@code 1e3} are refused. */
    private static long[] integers(String source, JsonReader r, String what) throws IOException {
        expect(source, r, JsonToken.BEGIN_ARRAY, what + " must be an array of non-negative integers");
        r.beginArray();
        List<Long> out = new ArrayList<>();
        while (r.hasNext()) {
            expect(source, r, JsonToken.NUMBER, what + " must be an array of non-negative integers");
            String literal = r.nextString();
            if (!NON_NEGATIVE_INTEGER.matcher(literal).matches()) {
                throw corrupt(source, what + " holds " + bounded(literal) + ", not a non-negative integer");
            }
            try {
                out.add(Long.parseLong(literal));
            } catch (NumberFormatException e) {
                throw corrupt(source, what + " holds " + bounded(literal) + ", more than 2^63-1");
            }
        }
        r.endArray();
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static long multiply(String source, String what, long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw corrupt(source, what + " has a shape whose byte length exceeds 2^63-1");
        }
    }

    private static void expect(String source, JsonReader r, JsonToken token, String rule) throws IOException {
        if (r.peek() != token) {
            throw corrupt(source, rule);
        }
    }

    private static String position(JsonReader r) {
        String s = r.toString();
        int at = s.indexOf(" at line ");
        return bounded(at >= 0 ? s.substring(at + 1) : s);
    }

    /** A name from the file, quoted, shortened and with control characters escaped: messages stay one short line. */
    static String quote(String name) {
        return "'" + bounded(name) + "'";
    }

    private static String bounded(String s) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (; i < s.length() && b.length() < MAX_QUOTED; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return i < s.length() ? b + "..." : b.toString();
    }

    private static CheckpointException corrupt(String source, String problem) {
        return new CheckpointException(source + " is not a valid safetensors file: " + problem);
    }
}
