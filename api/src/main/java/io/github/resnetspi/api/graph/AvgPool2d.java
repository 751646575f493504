package io.github.resnetspi.api.graph;

import java.util.List;

/**
 * Average pooling with explicit zero padding, floor mode. With {@code countIncludePad} every window divides by
 * {@code kernelH·kernelW}; without it, by the number of cells that lie inside the unpadded input. There is no
 * default: frameworks disagree (PyTorch and MXNet include padding, TensorFlow excludes it).
 */
public record AvgPool2d(int kernelH, int kernelW, int strideH, int strideW, Padding padding, boolean countIncludePad)
        implements Op {

    public static AvgPool2d square(int kernel, int stride, Padding padding, boolean countIncludePad) {
        return new AvgPool2d(kernel, kernel, stride, stride, padding, countIncludePad);
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public String kind() {
        return "avgpool2d";
    }

    @Override
    public Shape outputShape(String node, List<Shape> inputs) {
        Shape in = inputs.get(0);
        Op.requireImage(node, kind(), in);
        if (padding.top() >= kernelH || padding.bottom() >= kernelH || padding.left() >= kernelW || padding.right() >= kernelW) {
            throw new InvalidNetworkException(node, "avg-pool padding " + padding + " must be smaller than the kernel "
                    + kernelH + "x" + kernelW + " so that no window is padding only");
        }
        int h = Op.windowOutput(node, "H", in.dim(1), kernelH, strideH, padding.top(), padding.bottom());
        int w = Op.windowOutput(node, "W", in.dim(2), kernelW, strideW, padding.left(), padding.right());
        return Shape.of(in.dim(0), h, w);
    }
}
