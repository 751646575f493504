package io.github.resnetspi.dl4j;

import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between the API's {@link FloatTensor} and ND4J's {@link INDArray} (both row-major float32). */
final class Nd4jArrays {
    private Nd4jArrays() {
    }

    static INDArray toNd4j(FloatTensor t) {
        return Nd4j.create(t.data(), longs(t.shape().dims()), 'c');
    }

    static FloatTensor fromNd4j(INDArray a) {
        // a fresh row-major copy: a permuted or sliced array shares a buffer in another order
        INDArray c = a.dup('c');
        float[] data = c.dataType() == DataType.FLOAT ? c.data().asFloat() : c.castTo(DataType.FLOAT).data().asFloat();
        return FloatTensor.wrap(Shape.of(ints(a.shape())), data);
    }

    /** (N, classes) one-hot rows of {@code labels}. */
    static INDArray oneHot(int[] labels, int classes) {
        float[] data = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            data[i * classes + labels[i]] = 1f;
        }
        return Nd4j.create(data, new long[] {labels.length, classes}, 'c');
    }

    static long[] longs(int[] dims) {
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dims[i];
        }
        return out;
    }

    private static int[] ints(long[] dims) {
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = Math.toIntExact(dims[i]);
        }
        return out;
    }
}
