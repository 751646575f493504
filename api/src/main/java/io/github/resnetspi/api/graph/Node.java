package io.github.resnetspi.api.graph;

import java.util.List;

/**
 * One node of a {@link Network}: a uniquely named op applied to the outputs of earlier nodes. {@code inputs} are
 * node names ({@link Network#INPUT} is the network input); {@code outputShape} excludes the batch axis.
 */
public record Node(String name, Op op, List<String> inputs, List<Shape> inputShapes, Shape outputShape,
                   List<ParameterSpec> parameters) {
    public Node {
        inputs = List.copyOf(inputs);
        inputShapes = List.copyOf(inputShapes);
        parameters = List.copyOf(parameters);
    }

    /** The top-level block this node belongs to: its name up to the first dot ({@code stage2} for {@code stage2.block0.conv1}). */
    public String block() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** The single input of a one-input node. */
    public String input() {
        return inputs.get(0);
    }

    /** Input shape of a one-input node (without batch). */
    public Shape inputShape() {
        return inputShapes.get(0);
    }
}
