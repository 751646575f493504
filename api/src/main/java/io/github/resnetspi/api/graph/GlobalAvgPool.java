package io.github.resnetspi.api.graph;

import java.util.List;

/** Mean over H and W of each channel: (C, H, W) → (C, 1, 1), as PyTorch's {@code AdaptiveAvgPool2d((1, 1))}. */
public record GlobalAvgPool() implements Op {
    @Override
    public int arity() {
        return 1;
    }

    @Override
    public <R> R accept(Node node, OpVisitor<R> visitor) {
        return visitor.globalAvgPool(node, this);
    }

    @Override
    public String kind() {
        return "globalavgpool";
    }

    @Override
    public Shape outputShape(String node, List<Shape> inputs) {
        Op.requireImage(node, kind(), inputs.get(0));
        return Shape.of(inputs.get(0).dim(0), 1, 1);
    }
}
