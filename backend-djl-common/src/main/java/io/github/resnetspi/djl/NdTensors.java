package io.github.resnetspi.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;

/** Copies between the SPI's {@link FloatTensor} and engine {@link NDArray}s (both row-major float32). */
final class NdTensors {
    private NdTensors() {
    }

    static NDArray toNd(NDManager manager, FloatTensor t) {
        long[] dims = new long[t.shape().rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.shape().dim(i);
        }
        return manager.create(t.buffer(), new ai.djl.ndarray.types.Shape(dims));
    }

    static FloatTensor toTensor(NDArray a) {
        long[] dims = a.getShape().getShape();
        int[] d = new int[dims.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.toIntExact(dims[i]);
        }
        return FloatTensor.wrap(Shape.of(d), a.toFloatArray());
    }
}
