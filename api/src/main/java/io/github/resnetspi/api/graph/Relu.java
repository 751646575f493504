package io.github.resnetspi.api.graph;

import java.util.List;

/** {@code max(x, 0)}; its gradient at exactly 0 is 0 (as in PyTorch, MXNet and TensorFlow). */
public record Relu() implements Op {
    @Override
    public int arity() {
        return 1;
    }

    @Override
    public <R> R accept(Node node, OpVisitor<R> visitor) {
        return visitor.relu(node, this);
    }

    @Override
    public String kind() {
        return "relu";
    }

    @Override
    public Shape outputShape(String node, List<Shape> inputs) {
        return inputs.get(0);
    }
}
