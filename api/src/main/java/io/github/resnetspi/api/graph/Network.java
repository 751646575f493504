package io.github.resnetspi.api.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An immutable, validated network description: a DAG of {@link Node}s in topological order for one input shape
 * (C, H, W); the batch size stays free. Build one with {@link #builder} or take a preset from
 * {@link io.github.resnetspi.api.presets.Presets}.
 */
public final class Network {
    /** Name of the implicit input node. */
    public static final String INPUT = "input";

    private final String name;
    private final Shape inputShape;
    private final List<Node> nodes;
    private final Map<String, Node> byName;
    private final String output;
    private final List<ParameterSpec> parameters;

    Network(String name, Shape inputShape, List<Node> nodes, String output) {
        this.name = name;
        this.inputShape = inputShape;
        this.nodes = List.copyOf(nodes);
        Map<String, Node> map = new LinkedHashMap<>();
        List<ParameterSpec> params = new ArrayList<>();
        for (Node n : this.nodes) {
            map.put(n.name(), n);
            params.addAll(n.parameters());
        }
        this.byName = Collections.unmodifiableMap(map);
        this.output = output;
        this.parameters = List.copyOf(params);
    }

    /**
     * Starts a network description.
     *
     * @param name     the network's name, used in messages and reports
     * @param channels input channels C
     * @param height   input height H
     * @param width    input width W
     * @return a builder for a network of that input shape
     */
    public static NetworkBuilder builder(String name, int channels, int height, int width) {
        return new NetworkBuilder(name, Shape.of(channels, height, width));
    }

    /** @return the network's name */
    public String name() {
        return name;
    }

    /** @return the input shape per example, (C, H, W) */
    public Shape inputShape() {
        return inputShape;
    }

    /** @return all nodes except the input, in topological (insertion) order */
    public List<Node> nodes() {
        return nodes;
    }

    /**
     * @param nodeName a node's name
     * @return that node
     * @throws IllegalArgumentException when the network has no such node
     */
    public Node node(String nodeName) {
        Node n = byName.get(nodeName);
        if (n == null) {
            throw new IllegalArgumentException("network '" + name + "' has no node '" + nodeName + "'");
        }
        return n;
    }

    /**
     * @param nodeName a node's name
     * @return whether the network has a node of that name ({@link #INPUT} is not a node)
     */
    public boolean hasNode(String nodeName) {
        return byName.containsKey(nodeName);
    }

    /** @return the name of the node whose output is the network's output (the logits) */
    public String output() {
        return output;
    }

    /** @return the output shape per example, e.g. (10) */
    public Shape outputShape() {
        return node(output).outputShape();
    }

    /** @return whether the output is logits (rank 1 per example), so the network can be trained with softmax cross-entropy */
    public boolean hasLogits() {
        return outputShape().rank() == 1;
    }

    /**
     * @return the number of classes: the size of the (rank-1) output
     * @throws IllegalStateException when the output is not logits
     */
    public int classes() {
        if (!hasLogits()) {
            throw new IllegalStateException("network '" + name + "' ends in " + outputShape().withBatch(1)
                    + ", not logits (N, classes): it cannot be trained with a classification loss");
        }
        return outputShape().dim(0);
    }

    /** @return every named tensor (trainable parameters and BN running statistics), in node order */
    public List<ParameterSpec> parameters() {
        return parameters;
    }

    /** @return the trainable parameters only: those SGD updates and that have gradients */
    public List<ParameterSpec> trainableParameters() {
        return parameters.stream().filter(p -> p.kind().trainable()).toList();
    }

    /**
     * @param predicate which nodes to keep
     * @return the nodes that match, in node order
     */
    public List<Node> nodesWhere(Predicate<Node> predicate) {
        return nodes.stream().filter(predicate).toList();
    }

    /**
     * @param opType an op record type, e.g. {@code BatchNorm2d.class}
     * @return the nodes whose op is of that type, in node order
     */
    public List<Node> nodesOf(Class<? extends Op> opType) {
        return nodesWhere(n -> opType.isInstance(n.op()));
    }

    /**
     * The last node of each top-level block, in order ({@code stem}, {@code stage1}, …). Their shapes are what the
     * seeds print layer by layer.
     *
     * @return one node per top-level block
     */
    public List<Node> blockOutputs() {
        Map<String, Node> last = new LinkedHashMap<>();
        for (Node n : nodes) {
            last.remove(n.block());
            last.put(n.block(), n);
        }
        return List.copyOf(last.values());
    }

    /**
     * @param batch the batch size N
     * @return every node's output shape with batch {@code batch}, input first, in node order
     */
    public Map<String, Shape> shapes(int batch) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put(INPUT, inputShape.withBatch(batch));
        for (Node n : nodes) {
            shapes.put(n.name(), n.outputShape().withBatch(batch));
        }
        return shapes;
    }

    /** @return the number of trainable scalars */
    public long trainableParameterCount() {
        return trainableParameters().stream().mapToLong(p -> p.shape().size()).sum();
    }

    @Override
    public String toString() {
        return "Network[" + name + ", input " + inputShape + ", " + nodes.size() + " nodes]";
    }
}
