package io.github.resnetspi.api.graph;

import java.util.List;

/**
 * Max pooling with explicit padding, floor mode. A padded cell never wins: padding behaves as −∞, so every
 * window must overlap the input (each pad side is smaller than the kernel). The gradient goes to the first
 * maximum in row-major window order.
 *
 * @param kernelH window height
 * @param kernelW window width
 * @param strideH stride along H
 * @param strideW stride along W
 * @param padding explicit padding (behaves as −∞)
 */
public record MaxPool2d(int kernelH, int kernelW, int strideH, int strideW, Padding padding) implements WindowOp {

    /**
     * A square window with the same stride on both axes.
     *
     * @param kernel  window height and width
     * @param stride  stride along H and W
     * @param padding explicit padding
     * @return the op
     */
    public static MaxPool2d square(int kernel, int stride, Padding padding) {
        return new MaxPool2d(kernel, kernel, stride, stride, padding);
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public <R> R accept(Node node, OpVisitor<R> visitor) {
        return visitor.maxPool(node, this);
    }

    @Override
    public String kind() {
        return "maxpool2d";
    }

    @Override
    public Shape outputShape(String node, List<Shape> inputs) {
        return Op.poolOutput(node, kind(), inputs.get(0), kernelH, kernelW, strideH, strideW, padding);
    }
}
