package io.github.resnetspi.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.github.resnetspi.api.graph.Padding;

/**
 * Explicit (possibly asymmetric) constant padding of an NCHW array by concatenation. Concatenation is
 * differentiable on every DJL engine, whereas {@code NDArray.pad} is not implemented on MXNet.
 */
final class Padder {
    private Padder() {
    }

    static NDArray pad(NDArray x, Padding p, float value) {
        NDArray y = padAxis(x, 2, p.top(), p.bottom(), value);
        return padAxis(y, 3, p.left(), p.right(), value);
    }

    private static NDArray padAxis(NDArray x, int axis, int before, int after, float value) {
        if (before == 0 && after == 0) {
            return x;
        }
        NDList parts = new NDList(3);
        if (before > 0) {
            parts.add(x.getManager().full(withDim(x.getShape(), axis, before), value, x.getDataType()));
        }
        parts.add(x);
        if (after > 0) {
            parts.add(x.getManager().full(withDim(x.getShape(), axis, after), value, x.getDataType()));
        }
        return NDArrays.concat(parts, axis);
    }

    private static Shape withDim(Shape s, int axis, long size) {
        long[] d = s.getShape().clone(); // getShape() exposes the Shape's own array
        d[axis] = size;
        return new Shape(d);
    }
}
