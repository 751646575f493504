package io.github.resnetspi.api.graph;

import java.util.List;

/**
 * One node of a {@link Network}: a uniquely named op applied to the outputs of earlier nodes. {@code inputs} are
 * node names ({@link Network#INPUT} is the network input); {@code outputShape} excludes the batch axis.
 *
 * @param name        the node's unique name, e.g. {@code stage2.block0.conv1}
 * @param op          what it computes
 * @param inputs      the names of its input nodes
 * @param inputShapes their shapes, without the batch axis
 * @param outputShape its output shape, without the batch axis
 * @param parameters  the named tensors it owns
 */
public record Node(String name, Op op, List<String> inputs, List<Shape> inputShapes, Shape outputShape,
                   List<ParameterSpec> parameters) {
    /**
     * Copies the lists, so that a node is immutable.
     *
     * @param name        the node's unique name, e.g. {@code stage2.block0.conv1}
     * @param op          what it computes
     * @param inputs      the names of its input nodes
     * @param inputShapes their shapes, without the batch axis
     * @param outputShape its output shape, without the batch axis
     * @param parameters  the named tensors it owns
     */
    public Node {
        inputs = List.copyOf(inputs);
        inputShapes = List.copyOf(inputShapes);
        parameters = List.copyOf(parameters);
    }

    /**
     * @return the top-level block this node belongs to: its name up to the first dot ({@code stage2} for
     *         {@code stage2.block0.conv1})
     */
    public String block() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /**
     * Runs the visitor's method for this node's op: how backends dispatch over ops.
     *
     * @param visitor what to do for each kind of op
     * @param <R>     the visitor's result type
     * @return what the visitor returned
     */
    public <R> R accept(OpVisitor<R> visitor) {
        return op.accept(this, visitor);
    }

    /**
     * The name of the tensor of kind {@code kind} this node owns, as the op defines it (e.g.
     * {@code stage2.block0.conv1.weight} for a convolution's {@link ParameterKind#CONV_WEIGHT}); backends look their
     * tensors up by it instead of rebuilding names.
     *
     * @param kind the kind of tensor
     * @return its state name
     * @throws IllegalStateException when the node has no such tensor (e.g. the bias of a bias-free convolution)
     */
    public String parameterName(ParameterKind kind) {
        for (ParameterSpec p : parameters) {
            if (p.kind() == kind) {
                return p.name();
            }
        }
        throw new IllegalStateException("node '" + name + "' (" + op.kind() + ") has no " + kind + " tensor");
    }

    /**
     * @param kind a kind of tensor
     * @return whether this node owns a tensor of that kind (a convolution's or dense layer's bias is optional)
     */
    public boolean hasParameter(ParameterKind kind) {
        return parameters.stream().anyMatch(p -> p.kind() == kind);
    }

    /** @return the single input of a one-input node */
    public String input() {
        return inputs.get(0);
    }

    /** @return the input shape of a one-input node (without batch) */
    public Shape inputShape() {
        return inputShapes.get(0);
    }
}
