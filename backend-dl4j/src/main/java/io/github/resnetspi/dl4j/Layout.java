package io.github.resnetspi.dl4j;

import io.github.resnetspi.api.graph.ParameterKind;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one layout this backend converts: convolution weights are OIHW in the API and {@code [kH, kW, in, out]} (YXIO)
 * inside the graph, the layout SameDiff's conv2d gradient supports (its backward op ignores the forward op's
 * {@code OIYX} weights format in 1.0.0-M2.1). Their momentum buffers and gradients share that layout; activations are
 * NCHW on both sides. Conversion happens only at the API boundary (import, export, gradients).
 */
final class Layout {
    private static final int[] TO_YXIO = {2, 3, 1, 0};
    private static final int[] TO_OIYX = {3, 2, 0, 1};

    private Layout() {
    }

    /** The shape a state entry of this kind and API shape has inside the graph. */
    static long[] internal(ParameterKind kind, Shape neutral) {
        int[] d = neutral.dims();
        if (kind != ParameterKind.CONV_WEIGHT) {
            return Nd4jArrays.longs(d);
        }
        long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = d[TO_YXIO[i]];
        }
        return out;
    }

    /** A state entry from the API into the graph's layout. */
    static INDArray toInternal(ParameterKind kind, FloatTensor t) {
        INDArray a = Nd4jArrays.toNd4j(t);
        return kind == ParameterKind.CONV_WEIGHT ? a.permute(TO_YXIO) : a;
    }

    /** A state entry or gradient from the graph's layout into the API's. */
    static FloatTensor toNeutral(ParameterKind kind, INDArray a) {
        return Nd4jArrays.fromNd4j(kind == ParameterKind.CONV_WEIGHT ? a.permute(TO_OIYX) : a);
    }
}
