package io.github.resnetspi.training.checkpoint;

import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 of what a checkpoint means: every metadata entry but the digest itself and every tensor's name, shape and
 * float bits, each in name order. The safetensors format has no checksum, so without this a flipped bit in the data
 * or a changed name or value in the header would load as if it had been written that way. Computed from the parsed
 * content rather than from the bytes, so it does not depend on header layout or padding.
 */
final class ContentDigest {
    /** Metadata key of the digest, as lower-case hex. */
    static final String KEY = "content_sha256";

    private ContentDigest() {
    }

    static String of(NamedTensors tensors, Map<String, String> metadata) {
        MessageDigest sha = sha256();
        Map<String, String> meta = new TreeMap<>(metadata);
        meta.remove(KEY);
        putInt(sha, meta.size());
        meta.forEach((k, v) -> {
            putString(sha, k);
            putString(sha, v);
        });
        Map<String, FloatTensor> sorted = new TreeMap<>(tensors.asMap());
        putInt(sha, sorted.size());
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        sorted.forEach((name, t) -> {
            putString(sha, name);
            int[] dims = t.shape().dims();
            putInt(sha, dims.length);
            for (int d : dims) {
                putInt(sha, d);
            }
            FloatBuffer values = t.buffer();
            while (values.hasRemaining()) {
                chunk.clear();
                FloatBuffer view = chunk.asFloatBuffer();
                int n = Math.min(view.remaining(), values.remaining());
                view.put(values.slice().limit(n));
                values.position(values.position() + n);
                sha.update(chunk.array(), 0, 4 * n);
            }
        });
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void putString(MessageDigest sha, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        putInt(sha, b.length);
        sha.update(b);
    }

    private static void putInt(MessageDigest sha, int v) {
        sha.update(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
        }
    }
}
