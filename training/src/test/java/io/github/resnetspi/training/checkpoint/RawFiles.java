package io.github.resnetspi.training.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds safetensors bytes by hand, so that tests can write what no correct writer would. */
final class RawFiles {
    private RawFiles() {
    }

    /** The 8-byte little-endian length of {@code header}'s UTF-8 bytes, the header, then {@code data}. */
    static byte[] file(String header, byte[] data) {
        return file(header.getBytes(StandardCharsets.UTF_8), data);
    }

    static byte[] file(byte[] header, byte[] data) {
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).put(data).array();
    }

    /** Little-endian float32 bytes of {@code values}. */
    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** Bytes given as unsigned values, as the reference implementation's tests list them. */
    static byte[] bytes(int... unsigned) {
        byte[] out = new byte[unsigned.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) unsigned[i];
        }
        return out;
    }
}
