package io.github.resnetspi.tensorflow;

import io.github.resnetspi.api.graph.ParameterKind;
import io.github.resnetspi.api.graph.Shape;

/**
 * The two layouts this backend converts between. The API is NCHW with OIHW convolution weights; inside the graph
 * activations are NHWC (TensorFlow's CPU kernels, MaxPool in particular, have no NCHW implementation) and
 * convolution weights HWIO (what Conv2D wants for NHWC). Conversion happens only at the boundary.
 */
final class Layout {
    /** NCHW to NHWC. */
    static final int[] TO_NHWC = {0, 2, 3, 1};
    /** NHWC to NCHW. */
    static final int[] TO_NCHW = {0, 3, 1, 2};
    /** OIHW to HWIO. */
    static final int[] TO_HWIO = {2, 3, 1, 0};
    /** HWIO to OIHW. */
    static final int[] TO_OIHW = {3, 2, 0, 1};

    private Layout() {
    }

    /** Whether a state entry of this kind is stored in a different layout inside the graph. */
    static boolean converted(ParameterKind kind) {
        return kind == ParameterKind.CONV_WEIGHT;
    }

    /** The shape a state entry of this kind and neutral shape has inside the graph. */
    static Shape internal(ParameterKind kind, Shape neutral) {
        return converted(kind) ? permute(neutral, TO_HWIO) : neutral;
    }

    static Shape permute(Shape s, int[] perm) {
        int[] out = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = s.dim(perm[i]);
        }
        return Shape.of(out);
    }

    /** A TensorFlow shape with an unknown leading batch axis before {@code perExample}. */
    static org.tensorflow.ndarray.Shape batchOf(Shape perExample) {
        return org.tensorflow.ndarray.Shape.of(org.tensorflow.ndarray.Shape.UNKNOWN_SIZE).append(tf(perExample));
    }

    static org.tensorflow.ndarray.Shape tf(Shape s) {
        long[] dims = new long[s.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = s.dim(i);
        }
        return org.tensorflow.ndarray.Shape.of(dims);
    }
}
