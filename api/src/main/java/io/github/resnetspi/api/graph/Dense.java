package io.github.resnetspi.api.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * Fully connected layer {@code y = x·Wᵀ + b} on a rank-1 (per example) input; weight layout [units, in]
 * (PyTorch's {@code Linear}). Flatten explicitly before it: it never flattens implicitly (Gluon's {@code Dense} does).
 *
 * @param units number of outputs, positive
 * @param bias  whether a bias {@code [units]} is added
 */
public record Dense(int units, boolean bias) implements Op {
    /**
     * Checks that there is at least one unit.
     *
     * @param units number of outputs, positive
     * @param bias  whether a bias {@code [units]} is added
     */
    public Dense {
        if (units <= 0) {
            throw new IllegalArgumentException("units must be positive, got " + units);
        }
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public <R> R accept(Node node, OpVisitor<R> visitor) {
        return visitor.dense(node, this);
    }

    @Override
    public String kind() {
        return "dense";
    }

    @Override
    public Shape outputShape(String node, List<Shape> inputs) {
        if (inputs.get(0).rank() != 1) {
            throw new InvalidNetworkException(node, "dense needs a flat input per example, got " + inputs.get(0)
                    + "; add a flatten node before it");
        }
        return Shape.of(units);
    }

    @Override
    public List<ParameterSpec> parameters(String node, List<Shape> inputs) {
        List<ParameterSpec> specs = new ArrayList<>(2);
        specs.add(new ParameterSpec(node + ".weight", node, ParameterKind.DENSE_WEIGHT, Shape.of(units, inputs.get(0).dim(0))));
        if (bias) {
            specs.add(new ParameterSpec(node + ".bias", node, ParameterKind.BIAS, Shape.of(units)));
        }
        return specs;
    }
}
