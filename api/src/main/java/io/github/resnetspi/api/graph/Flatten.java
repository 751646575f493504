package io.github.resnetspi.api.graph;

import java.util.List;

/** (C, H, W) → (C·H·W) in row-major (C, then H, then W) order, whatever layout an engine computes in. */
public record Flatten() implements Op {
    @Override
    public int arity() {
        return 1;
    }

    @Override
    public <R> R accept(Node node, OpVisitor<R> visitor) {
        return visitor.flatten(node, this);
    }

    @Override
    public String kind() {
        return "flatten";
    }

    @Override
    public Shape outputShape(String node, List<Shape> inputs) {
        long size = inputs.get(0).size();
        if (size > Integer.MAX_VALUE) {
            throw new InvalidNetworkException(node, "flattened size " + size + " is too large");
        }
        return Shape.of((int) size);
    }
}
