package io.github.resnetspi.api.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * 2-D cross-correlation (what every framework calls convolution), NCHW, weight layout OIHW
 * ({@code [outChannels, inChannels, kernelH, kernelW]}), groups 1, dilation 1. Zero padding is explicit and may be
 * asymmetric. With {@code bias}, a per-output-channel bias {@code [outChannels]} is added.
 *
 * @param outChannels number of output channels, positive
 * @param kernelH     kernel height
 * @param kernelW     kernel width
 * @param strideH     stride along H
 * @param strideW     stride along W
 * @param padding     explicit zero padding, possibly asymmetric
 * @param bias        whether a per-output-channel bias is added
 */
public record Conv2d(int outChannels, int kernelH, int kernelW, int strideH, int strideW, Padding padding, boolean bias) implements WindowOp {

    /**

     * Checks that there is at least one output channel and a padding.

     *

     * @param outChannels number of output channels, positive

     * @param kernelH     kernel height

     * @param kernelW     kernel width

     * @param strideH     stride along H

     * @param strideW     stride along W

     * @param padding     explicit zero padding, possibly asymmetric

     * @param bias        whether a per-output-channel bias is added

     */

    public Conv2d {
        if (outChannels <= 0) {
            throw new IllegalArgumentException("outChannels must be positive, got " + outChannels);
        }
        java.util.Objects.requireNonNull(padding, "padding");
    }

    /**
     * A square kernel with the same stride on both axes.
     *
     * @param outChannels number of output channels
     * @param kernel      kernel height and width
     * @param stride      stride along H and W
     * @param padding     explicit zero padding
     * @param bias        whether a bias is added
     * @return the op
     */
    public static Conv2d square(int outChannels, int kernel, int stride, Padding padding, boolean bias) {
        return new Conv2d(outChannels, kernel, kernel, stride, stride, padding, bias);
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public <R> R accept(Node node, OpVisitor<R> visitor) {
        return visitor.conv(node, this);
    }

    @Override
    public String kind() {
        return "conv2d";
    }

    @Override
    public Shape outputShape(String node, List<Shape> inputs) {
        Shape in = inputs.get(0);
        Op.requireImage(node, kind(), in);
        int h = Op.windowOutput(node, "H", in.dim(1), kernelH, strideH, padding.top(), padding.bottom());
        int w = Op.windowOutput(node, "W", in.dim(2), kernelW, strideW, padding.left(), padding.right());
        return Shape.of(outChannels, h, w);
    }

    @Override
    public List<ParameterSpec> parameters(String node, List<Shape> inputs) {
        List<ParameterSpec> specs = new ArrayList<>(2);
        specs.add(new ParameterSpec(node + ".weight", node, ParameterKind.CONV_WEIGHT,
                Shape.of(outChannels, inputs.get(0).dim(0), kernelH, kernelW)));
        if (bias) {
            specs.add(new ParameterSpec(node + ".bias", node, ParameterKind.BIAS, Shape.of(outChannels)));
        }
        return specs;
    }
}
