package io.github.resnetspi.training.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes tiny IDX files for tests. */
final class IdxFiles {
    private IdxFiles() {
    }

    static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content, boolean gzip) throws IOException {
        if (!gzip) {
            return Files.write(file, content);
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
        return file;
    }

    /** {@code n} images of {@code h×w} whose pixel values are {@code (i·31 + p) mod 256}. */
    static byte[] images(int n, int h, int w) throws IOException {
        byte[] data = new byte[n * h * w];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ((i / (h * w)) * 31 + i % (h * w));
        }
        return idx(0x0803, new int[] {n, h, w}, data);
    }

    static byte[] labels(int... labels) throws IOException {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = (byte) labels[i];
        }
        return idx(0x0801, new int[] {labels.length}, data);
    }
}
