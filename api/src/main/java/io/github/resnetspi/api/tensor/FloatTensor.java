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

    /**
     * @param shape the shape
     * @param data  {@code shape.size()} values, row-major; copied
     * @return a tensor holding a copy of {@code data}
     * @throws IllegalArgumentException when the number of values does not fit the shape
     */
    public static FloatTensor of(Shape shape, float[] data) {
        return new FloatTensor(shape, data.clone());
    }

    /**
     * A tensor that takes ownership of {@code data} without copying; the caller must not modify the array afterwards.
     * For producers of large tensors (backends, data loaders).
     *
     * @param shape the shape
     * @param data  {@code shape.size()} values, row-major; not copied
     * @return a tensor over {@code data}
     * @throws IllegalArgumentException when the number of values does not fit the shape
     */
    public static FloatTensor wrap(Shape shape, float[] data) {
        return new FloatTensor(shape, data);
    }

    /**
     * @param shape the shape
     * @return a tensor of zeros
     */
    public static FloatTensor zeros(Shape shape) {
        return new FloatTensor(shape, new float[Math.toIntExact(shape.size())]);
    }

    /**
     * @param shape the shape
     * @param value the value of every element
     * @return a tensor with every element {@code value}
     */
    public static FloatTensor filled(Shape shape, float value) {
        float[] d = new float[Math.toIntExact(shape.size())];
        Arrays.fill(d, value);
        return new FloatTensor(shape, d);
    }

    /** @return the shape */
    public Shape shape() {
        return shape;
    }

    /** @return a copy of the values, row-major */
    public float[] data() {
        return data.clone();
    }

    /** @return a read-only view of the values, row-major, positioned at 0 */
    public FloatBuffer buffer() {
        return FloatBuffer.wrap(data).asReadOnlyBuffer();
    }

    /** @return the number of elements */
    public int size() {
        return data.length;
    }

    /**
     * @param i a flat (row-major) index
     * @return the value there
     */
    public float get(int i) {
        return data[i];
    }

    /**
     * @param newShape a shape of the same size
     * @return the same data with that shape (not copied)
     * @throws IllegalArgumentException when the sizes differ
     */
    public FloatTensor reshape(Shape newShape) {
        return new FloatTensor(newShape, data);
    }

    /**
     * @param from first row of the leading axis, inclusive
     * @param to   last row, exclusive
     * @return rows {@code [from, to)} of the leading axis, copied
     */
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
