package io.github.resnetspi.api.graph;

import java.util.List;

/**
 * One operation of a network. Every op pins the semantics frameworks disagree on; see each record's Javadoc
 * and {@code docs/semantics.md}. Shapes passed here exclude the batch axis.
 */
public sealed interface Op permits Conv2d, BatchNorm2d, Relu, Add, MaxPool2d, AvgPool2d, GlobalAvgPool, Flatten, Dense {

    /** Number of inputs the op takes. */
    int arity();

    /** Output shape for the given input shapes; throws {@link InvalidNetworkException} naming {@code node}. */
    Shape outputShape(String node, List<Shape> inputs);

    /** The tensors this op owns, named after {@code node}. */
    default List<ParameterSpec> parameters(String node, List<Shape> inputs) {
        return List.of();
    }

    /** Short lower-case op name used in listings, e.g. {@code conv2d}. */
    String kind();

    /** Checks that an image input is rank 3 (C, H, W). */
    static void requireImage(String node, String op, Shape in) {
        if (in.rank() != 3) {
            throw new InvalidNetworkException(node, op + " needs a (C, H, W) input per example, got " + in);
        }
    }

    /**
     * Output shape of a pooling window over a (C, H, W) input: channels kept, each pad side smaller than the kernel so
     * that no window is padding only.
     */
    static Shape poolOutput(String node, String op, Shape in, int kernelH, int kernelW, int strideH, int strideW, Padding padding) {
        requireImage(node, op, in);
        if (padding.top() >= kernelH || padding.bottom() >= kernelH || padding.left() >= kernelW || padding.right() >= kernelW) {
            throw new InvalidNetworkException(node, op + " padding " + padding + " must be smaller than the kernel "
                    + kernelH + "x" + kernelW + " so that no window is padding only");
        }
        int h = windowOutput(node, "H", in.dim(1), kernelH, strideH, padding.top(), padding.bottom());
        int w = windowOutput(node, "W", in.dim(2), kernelW, strideW, padding.left(), padding.right());
        return Shape.of(in.dim(0), h, w);
    }

    /**
     * Output length of a sliding window along one axis: {@code floor((in + before + after − k) / s) + 1}
     * (floor mode everywhere; no framework's ceil mode).
     */
    static int windowOutput(String node, String axis, int in, int k, int s, int before, int after) {
        if (k <= 0 || s <= 0) {
            throw new InvalidNetworkException(node, "kernel and stride must be positive, got kernel " + k + ", stride " + s);
        }
        int padded = in + before + after;
        int out = padded < k ? 0 : (padded - k) / s + 1;
        if (out <= 0) {
            throw new InvalidNetworkException(node, "non-positive output size on " + axis + ": input " + in
                    + " padded by " + before + "+" + after + " is smaller than kernel " + k);
        }
        return out;
    }
}
