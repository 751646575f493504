package io.github.resnetspi.tensorflow;

import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Copies between {@link FloatTensor}s and TensorFlow tensors. Callers own (and must close) the tensors made here. */
final class Tensors {
    private Tensors() {
    }

    static TFloat32 toTf(FloatTensor t) {
        return TFloat32.tensorOf(Layout.tf(t.shape()), DataBuffers.of(t.buffer()));
    }

    static TInt32 labels(int[] labels) {
        return TInt32.vectorOf(labels);
    }

    static TFloat32 scalar(double v) {
        return TFloat32.scalarOf((float) v);
    }

    /** A copy of a float tensor's values with its own shape. */
    static FloatTensor fromTf(Tensor t) {
        if (!(t instanceof TFloat32 f)) {
            throw new IllegalStateException("expected a float32 tensor, got " + t.dataType());
        }
        long[] dims = f.shape().asArray();
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = Math.toIntExact(dims[i]);
        }
        float[] data = new float[Math.toIntExact(f.size())];
        f.copyTo(DataBuffers.of(data, false, false));
        return FloatTensor.wrap(Shape.of(shape), data);
    }

    static double scalarValue(Tensor t) {
        return ((TFloat32) t).getFloat();
    }
}
