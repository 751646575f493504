package io.github.resnetspi.api.graph;

import java.util.List;

/**
 * Average pooling with explicit zero padding, floor mode. With {@code countIncludePad} every window divides by
 * {@code kernelH·kernelW}; without it, by the number of cells that lie inside the unpadded input. There is no
 * default: frameworks disagree (PyTorch and MXNet include padding, TensorFlow excludes it).
 */
public record AvgPool2d(int kernelH, int kernelW, int strideH, int strideW, Padding padding, boolean countIncludePad) implements WindowOp {

    public static AvgPool2d square(int kernel, int stride, Padding padding, boolean countIncludePad) {
        return new AvgPool2d(kernel, kernel, stride, stride, padding, countIncludePad);
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public <R> R accept(Node node, OpVisitor<R> visitor) {
        return visitor.avgPool(node, this);
    }

    @Override
    public String kind() {
        return "avgpool2d";
    }

    @Override
    public Shape outputShape(String node, List<Shape> inputs) {
        return Op.poolOutput(node, kind(), inputs.get(0), kernelH, kernelW, strideH, strideW, padding);
    }
}
