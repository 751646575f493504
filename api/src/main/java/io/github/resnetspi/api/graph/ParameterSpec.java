package io.github.resnetspi.api.graph;

/**
 * A named tensor a node owns. Names are {@code <node name>.<suffix>} with the suffixes PyTorch uses:
 * {@code weight}, {@code bias}, {@code running_mean}, {@code running_var} (so {@code stage2.block0.conv1.weight}).
 *
 * @param name  the tensor's state name
 * @param node  the name of the node that owns it
 * @param kind  what it is
 * @param shape its shape (OIHW for convolution weights, [out, in] for dense weights, [C] otherwise)
 */
public record ParameterSpec(String name, String node, ParameterKind kind, Shape shape) {
    /**
     * @return the fan-in Xavier initialisation uses: input channels × kernel area, or a dense layer's inputs
     * @throws IllegalStateException when this is not a weight
     */
    public int fanIn() {
        return switch (kind) {
            case CONV_WEIGHT -> shape.dim(1) * shape.dim(2) * shape.dim(3);
            case DENSE_WEIGHT -> shape.dim(1);
            default -> throw new IllegalStateException(name + " is not a weight");
        };
    }

    /**
     * @return the fan-out Xavier initialisation uses: output channels × kernel area, or a dense layer's outputs
     * @throws IllegalStateException when this is not a weight
     */
    public int fanOut() {
        return switch (kind) {
            case CONV_WEIGHT -> shape.dim(0) * shape.dim(2) * shape.dim(3);
            case DENSE_WEIGHT -> shape.dim(0);
            default -> throw new IllegalStateException(name + " is not a weight");
        };
    }
}
