package io.github.resnetspi.api.graph;

import java.util.List;

/**
 * One operation of a network. Every op pins the semantics frameworks disagree on; see each record's Javadoc
 * and {@code docs/semantics.md}. Shapes passed here exclude the batch axis.
 */
public sealed interface Op permits WindowOp, BatchNorm2d, Relu, Add, GlobalAvgPool, Flatten, Dense {

    /**
     * Calls the {@code visitor}'s method for this op: the API's one dispatch over ops (see {@link OpVisitor}).
     *
     * @param node    the node this op belongs to, passed on to the visitor
     * @param visitor what to do for each kind of op
     * @param <R>     the visitor's result type
     * @return what the visitor returned
     */
    <R> R accept(Node node, OpVisitor<R> visitor);

    /** @return the number of inputs the op takes */
    int arity();

    /**
     * Infers the output shape.
     *
     * @param node   the node's name, for messages
     * @param inputs the input shapes (without batch)
     * @return the output shape (without batch)
     * @throws InvalidNetworkException naming {@code node} when the inputs do not fit the op
     */
    Shape outputShape(String node, List<Shape> inputs);

    /**
     * The tensors this op owns, named after its node ({@code <node>.weight}, ...): the one place that defines them.
     *
     * @param node   the node's name
     * @param inputs the input shapes (without batch)
     * @return the parameter and buffer specs, possibly empty
     */
    default List<ParameterSpec> parameters(String node, List<Shape> inputs) {
        return List.of();
    }

    /** @return a short lower-case op name used in listings, e.g. {@code conv2d} */
    String kind();

    /**
     * Checks that an image input is rank 3 (C, H, W).
     *
     * @param node the node's name, for the message
     * @param op   the op's kind, for the message
     * @param in   the input shape
     */
    static void requireImage(String node, String op, Shape in) {
        if (in.rank() != 3) {
            throw new InvalidNetworkException(node, op + " needs a (C, H, W) input per example, got " + in);
        }
    }

    /**
     * Output shape of a pooling window over a (C, H, W) input: channels kept, each pad side smaller than the kernel so
     * that no window is padding only.
     *
     * @param node    the node's name, for messages
     * @param op      the op's kind, for messages
     * @param in      the input shape (C, H, W)
     * @param kernelH kernel height
     * @param kernelW kernel width
     * @param strideH stride along H
     * @param strideW stride along W
     * @param padding explicit padding
     * @return the output shape (C, H', W')
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
     *
     * @param node   the node's name, for messages
     * @param axis   {@code H} or {@code W}, for messages
     * @param in     input length
     * @param k      kernel length
     * @param s      stride
     * @param before padding before
     * @param after  padding after
     * @return the output length, at least 1
     * @throws InvalidNetworkException when the output would be empty
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
