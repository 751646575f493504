package io.github.resnetspi.api.graph;

import java.util.List;

/** Element-wise sum of two inputs of equal shape; no broadcasting. The residual connection. */
public record Add() implements Op {
    @Override
    public int arity() {
        return 2;
    }

    @Override
    public <R> R accept(Node node, OpVisitor<R> visitor) {
        return visitor.add(node, this);
    }

    @Override
    public String kind() {
        return "add";
    }

    @Override
    public Shape outputShape(String node, List<Shape> inputs) {
        Shape a = inputs.get(0);
        Shape b = inputs.get(1);
        if (!a.equals(b)) {
            String what = a.rank() == b.rank() && a.rank() > 0 && a.dim(0) != b.dim(0) ? "channel mismatch" : "shape mismatch";
            throw new InvalidNetworkException(node, what + " at add: " + a + " vs " + b);
        }
        return a;
    }
}
