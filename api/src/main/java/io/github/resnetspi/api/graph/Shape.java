package io.github.resnetspi.api.graph;

import java.util.Arrays;
import java.util.stream.Collectors;

/** An immutable tensor shape. Image tensors are NCHW; a node's shape in a {@link Network} omits the batch axis. */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(dims));
            }
        }
        this.dims = dims;
    }

    /**
     * @param dims the dimensions, none negative
     * @return the shape
     */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /** @return the number of axes */
    public int rank() {
        return dims.length;
    }

    /**
     * @param axis an axis, 0-based
     * @return its size
     */
    public int dim(int axis) {
        return dims[axis];
    }

    /** @return a copy of the dimensions */
    public int[] dims() {
        return dims.clone();
    }

    /** @return the number of elements */
    public long size() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /**
     * @param batch the size of the new leading axis
     * @return this shape with a leading batch axis of size {@code batch}
     */
    public Shape withBatch(int batch) {
        int[] out = new int[dims.length + 1];
        out[0] = batch;
        System.arraycopy(dims, 0, out, 1, dims.length);
        return new Shape(out);
    }

    /**
     * @return this shape without its leading axis
     * @throws IllegalStateException for a scalar shape
     */
    public Shape dropFirst() {
        if (dims.length == 0) {
            throw new IllegalStateException("a scalar shape has no leading axis");
        }
        return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Printed as the seeds print shapes: {@code (1, 64, 56, 56)}. */
    @Override
    public String toString() {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
