package io.github.resnetspi.api.graph;

/**
 * A named tensor a node owns. Names are {@code <node name>.<suffix>} with the suffixes PyTorch uses:
 * {@code weight}, {@code bias}, {@code running_mean}, {@code running_var} (so {@code stage2.block0.conv1.weight}).
 */
public record ParameterSpec(String name, String node, ParameterKind kind, Shape shape) {
    /** Fan-in and fan-out used by Xavier initialisation; only meaningful for weights. */
    public int fanIn() {
        return switch (kind) {
            case CONV_WEIGHT -> shape.dim(1) * shape.dim(2) * shape.dim(3);
            case DENSE_WEIGHT -> shape.dim(1);
            default -> throw new IllegalStateException(name + " is not a weight");
        };
    }

    public int fanOut() {
        return switch (kind) {
            case CONV_WEIGHT -> shape.dim(0) * shape.dim(2) * shape.dim(3);
            case DENSE_WEIGHT -> shape.dim(0);
            default -> throw new IllegalStateException(name + " is not a weight");
        };
    }
}
