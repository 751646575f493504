package io.github.resnetspi.training.checkpoint;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (Hugging Face), float32 only: an 8-byte little-endian header length {@code n}, {@code n}
 * bytes of UTF-8 JSON (padded with spaces to a multiple of 8), then the raw little-endian data. The header maps each
 * tensor name to {@code {"dtype":"F32","shape":[...],"data_offsets":[begin,end]}} (offsets relative to the data
 * section, contiguous, in write order) and holds string-to-string {@code "__metadata__"}. Python's
 * {@code safetensors.numpy.load_file} reads these files.
 */
public final class SafeTensors {
    public static final String METADATA = "__metadata__";

    /** What a file holds. */
    public record Contents(NamedTensors tensors, Map<String, String> metadata) {
    }

    private SafeTensors() {
    }

    /** Writes {@code tensors} and {@code metadata} to {@code out} (not closed). */
    public static void write(OutputStream out, NamedTensors tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put(METADATA, new LinkedHashMap<>(metadata));
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
        byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
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
    }

    /** Reads a file written by this class or by Python's safetensors (F32 tensors only). */
    public static Contents read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        if (all.length < 8) {
            throw new CheckpointException("checkpoint " + file + " is truncated (" + all.length + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        if (n < 2 || n > all.length - 8) {
            throw new CheckpointException("checkpoint " + file + " has header length " + n + " but only "
                    + (all.length - 8) + " bytes follow: truncated or not a safetensors file");
        }
        JsonObject header;
        try {
            header = JsonParser.parseString(new String(all, 8, (int) n, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new CheckpointException("checkpoint " + file + " has a header that is not a JSON object: " + e.getMessage(), e);
        }
        int dataStart = 8 + (int) n;
        long dataLen = all.length - dataStart;
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        List<long[]> spans = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                e.getValue().getAsJsonObject().entrySet().forEach(m -> meta.put(m.getKey(), m.getValue().getAsString()));
                continue;
            }
            JsonObject t = e.getValue().getAsJsonObject();
            String dtype = t.get("dtype").getAsString();
            if (!dtype.equals("F32")) {
                throw new CheckpointException("checkpoint " + file + ": tensor '" + e.getKey() + "' has dtype " + dtype
                        + "; only F32 is supported");
            }
            int[] dims = new Gson().fromJson(t.get("shape"), int[].class);
            long[] off = new Gson().fromJson(t.get("data_offsets"), long[].class);
            Shape shape = Shape.of(dims);
            if (off.length != 2 || off[0] < 0 || off[1] > dataLen || off[1] - off[0] != 4 * shape.size()) {
                throw new CheckpointException("checkpoint " + file + ": tensor '" + e.getKey() + "' of shape " + shape
                        + " has data offsets " + java.util.Arrays.toString(off) + " that do not fit the "
                        + dataLen + " data bytes: truncated or corrupt file");
            }
            spans.add(off);
            float[] values = new float[Math.toIntExact(shape.size())];
            ByteBuffer.wrap(all, dataStart + (int) off[0], (int) (off[1] - off[0])).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(values);
            tensors.put(e.getKey(), FloatTensor.wrap(shape, values));
        }
        long covered = spans.stream().mapToLong(s -> s[1] - s[0]).sum();
        if (covered != dataLen) {
            throw new CheckpointException("checkpoint " + file + ": tensors cover " + covered + " of " + dataLen
                    + " data bytes: truncated or corrupt file");
        }
        return new Contents(NamedTensors.of(tensors), meta);
    }
}
