package io.github.resnetspi.api.graph;

/**
 * An op that slides a kernel over the two spatial axes with a stride and explicit padding: convolution and the two
 * poolings. {@link Window#of(Node)} turns one into the concrete geometry of a node.
 */
public sealed interface WindowOp extends Op permits Conv2d, MaxPool2d, AvgPool2d {

    /** @return kernel height */
    int kernelH();

    /** @return kernel width */
    int kernelW();

    /** @return stride along H */
    int strideH();

    /** @return stride along W */
    int strideW();

    /** @return explicit padding of the two spatial axes */
    Padding padding();
}
