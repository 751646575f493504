package io.github.resnetspi.training.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Images and labels in memory at their stored resolution: {@code pixels} holds {@code size·C·H·W} unsigned bytes,
 * example-major, each example CHW. Batches are resized and scaled to float only when they are built
 * ({@link BatchMaker}), so a resized copy of the whole set never has to fit in memory.
 */
public final class Dataset {
    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private final int classes;
    private final byte[] pixels;
    private final int[] labels;

    public Dataset(String name, int channels, int height, int width, int classes, byte[] pixels, int[] labels) {
        this.name = Objects.requireNonNull(name, "name");
        if (channels <= 0 || height <= 0 || width <= 0 || classes < 2) {
            throw new IllegalArgumentException("bad dataset geometry " + channels + "x" + height + "x" + width
                    + " with " + classes + " classes");
        }
        long want = (long) labels.length * channels * height * width;
        if (pixels.length != want) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels need " + want
                    + " pixel bytes, got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " at index " + i
                        + " is outside [0, " + classes + ")");
            }
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = classes;
        this.pixels = pixels;
        this.labels = labels;
    }

    public String name() {
        return name;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int classes() {
        return classes;
    }

    public int size() {
        return labels.length;
    }

    /** Bytes of one example (C·H·W). */
    public int exampleBytes() {
        return channels * height * width;
    }

    public int label(int index) {
        return labels[index];
    }

    /** Pixel {@code offset} (within the example's CHW bytes) of example {@code index}, 0..255. */
    public int pixel(int index, int offset) {
        return pixels[index * exampleBytes() + offset] & 0xFF;
    }

    /** The raw CHW bytes of one example, copied. */
    public byte[] example(int index) {
        int n = exampleBytes();
        return Arrays.copyOfRange(pixels, index * n, (index + 1) * n);
    }

    /** The first {@code limit} examples (all of them when {@code limit} is at least the size). */
    public Dataset limit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        if (limit >= size()) {
            return this;
        }
        return new Dataset(name, channels, height, width, classes,
                Arrays.copyOf(pixels, limit * exampleBytes()), Arrays.copyOf(labels, limit));
    }

    @Override
    public String toString() {
        return name + "[" + size() + " x " + channels + "x" + height + "x" + width + ", " + classes + " classes]";
    }
}
