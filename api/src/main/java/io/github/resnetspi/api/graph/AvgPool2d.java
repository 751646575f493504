package io.github.resnetspi.api.graph;

import java.util.List;

/**
 * Average pooling with explicit zero padding, floor mode. With {@code countIncludePad} every window divides by
 * {@code kernelH·kernelW}; without it, by the number of cells that lie inside the unpadded input. There is no
 * default: frameworks disagree (PyTorch and MXNet include padding, TensorFlow excludes it).
 *
 * @param kernelH         window height
 * @param kernelW         window width
 * @param strideH         stride along H
 * @param strideW         stride along W
 * @param padding         explicit zero padding
 * @param countIncludePad whether padded cells count in each window's divisor
 */
public record AvgPool2d(int kernelH, int kernelW, int strideH, int strideW, Padding padding, boolean countIncludePad) implements WindowOp {

    /**
     * A square window with the same stride on both axes.
     *
     * @param kernel          window height and width
     * @param stride          stride along H and W
     * @param padding         explicit zero padding
     * @param countIncludePad whether padded cells count in each window's divisor
     * @return the op
     */
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
