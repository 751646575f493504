package io.github.resnetspi.api.tensor;

import io.github.resnetspi.api.graph.Shape;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Plain float32 data with a shape, row-major: the only tensor type that crosses the SPI. Image tensors are NCHW;
 * parameters use the layouts of {@link io.github.resnetspi.api.graph.ParameterSpec}. Immutable: {@link #data()}
 * returns a copy; {@link #buffer()} is a read-only view for backends that copy into native memory anyway.
 */
public final class FloatTensor {
    private final Shape shape;
    private final float[] data;

    private FloatTensor(Shape shape, float[] data) {
        this.shape = Objects.requireNonNull(shape, "shape");
        if (shape.size() != data.length) {
            throw new IllegalArgumentException("shape " + shape + " needs " + shape.size() + " values, got " + data.length);
        }
        this.data = data;
    }

    /** A tensor holding a copy of {@code data}. */
    public static FloatTensor of(Shape shape, float[] data) {
        return new FloatTensor(shape, data.clone());
    }

    /**
     * A tensor that takes ownership of {@code data} without copying; the caller must not modify the array afterwards.
     * For producers of large tensors (backends, data loaders).
     */
    public static FloatTensor wrap(Shape shape, float[] data) {
        return new FloatTensor(shape, data);
    }

    public static FloatTensor zeros(Shape shape) {
        return new FloatTensor(shape, new float[Math.toIntExact(shape.size())]);
    }

    public static FloatTensor filled(Shape shape, float value) {
        float[] d = new float[Math.toIntExact(shape.size())];
        Arrays.fill(d, value);
        return new FloatTensor(shape, d);
    }

    public Shape shape() {
        return shape;
    }

    /** A copy of the values, row-major. */
    public float[] data() {
        return data.clone();
    }

    /** A read-only view of the values, row-major, positioned at 0. */
    public FloatBuffer buffer() {
        return FloatBuffer.wrap(data).asReadOnlyBuffer();
    }

    public int size() {
        return data.length;
    }

    /** Value at flat (row-major) index {@code i}. */
    public float get(int i) {
        return data[i];
    }

    /** The same data with another shape of equal size. */
    public FloatTensor reshape(Shape newShape) {
        return new FloatTensor(newShape, data);
    }

    /** Rows {@code [from, to)} of the leading axis, copied. */
    public FloatTensor slice(int from, int to) {
        int row = Math.toIntExact(shape.size() / Math.max(shape.dim(0), 1));
        int[] dims = shape.dims();
        dims[0] = to - from;
        return new FloatTensor(Shape.of(dims), Arrays.copyOfRange(data, from * row, to * row));
    }

    /** Bitwise equality of shape and values. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && shape.equals(t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatTensor" + shape;
    }
}
