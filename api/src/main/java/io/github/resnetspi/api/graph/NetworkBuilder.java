package io.github.resnetspi.api.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link Network} node by node. Each method adds one node and returns its name, to be passed as the input
 * of later nodes; residual connections are explicit {@link #add} nodes. Shapes are inferred and checked as nodes
 * are added, so an invalid graph fails at the node that makes it invalid, with that node's name in the message.
 *
 * <pre>{@code
 * NetworkBuilder b = Network.builder("tiny", 1, 28, 28);
 * String x = b.conv("stem.conv", Network.INPUT, Conv2d.square(8, 3, 1, Padding.symmetric(1), false));
 * x = b.batchNorm("stem.bn", x);
 * x = b.relu("stem.relu", x);
 * ...
 * Network net = b.build(x);
 * }</pre>
 */
public final class NetworkBuilder {
    private final String name;
    private final Shape inputShape;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Shape> shapes = new HashMap<>();

    NetworkBuilder(String name, Shape inputShape) {
        this.name = Objects.requireNonNull(name, "name");
        if (inputShape.rank() != 3 || inputShape.size() == 0) {
            throw new IllegalArgumentException("network input must be (C, H, W) with positive sizes, got " + inputShape);
        }
        this.inputShape = inputShape;
        shapes.put(Network.INPUT, inputShape);
    }

    /** Adds a node applying {@code op} to the named inputs; returns {@code nodeName}. */
    public String node(String nodeName, Op op, String... inputs) {
        if (nodeName == null || nodeName.isBlank()) {
            throw new InvalidNetworkException(String.valueOf(nodeName), "node names must be non-blank");
        }
        if (shapes.containsKey(nodeName)) {
            throw new InvalidNetworkException(nodeName, "duplicate node name");
        }
        if (inputs.length != op.arity()) {
            throw new InvalidNetworkException(nodeName, op.kind() + " takes " + op.arity() + " input(s), got " + inputs.length);
        }
        List<Shape> inShapes = new ArrayList<>(inputs.length);
        for (String in : inputs) {
            Shape s = shapes.get(in);
            if (s == null) {
                throw new InvalidNetworkException(nodeName, "dangling input '" + in + "': no earlier node has that name");
            }
            inShapes.add(s);
        }
        Shape out = op.outputShape(nodeName, inShapes);
        nodes.add(new Node(nodeName, op, List.of(inputs), inShapes, out, op.parameters(nodeName, inShapes)));
        shapes.put(nodeName, out);
        return nodeName;
    }

    public String conv(String nodeName, String input, Conv2d conv) {
        return node(nodeName, conv, input);
    }

    /** Square convolution with symmetric padding {@code pad}. */
    public String conv(String nodeName, String input, int outChannels, int kernel, int stride, int pad, boolean bias) {
        return node(nodeName, Conv2d.square(outChannels, kernel, stride, Padding.symmetric(pad), bias), input);
    }

    /** Square convolution padded as TensorFlow's 'SAME' would pad it for this input size (possibly asymmetric). */
    public String convTfSame(String nodeName, String input, int outChannels, int kernel, int stride, boolean bias) {
        Shape in = shapeOf(input);
        Padding p = Padding.tfSame(in.dim(1), in.dim(2), kernel, kernel, stride, stride);
        return node(nodeName, Conv2d.square(outChannels, kernel, stride, p, bias), input);
    }

    public String batchNorm(String nodeName, String input) {
        return node(nodeName, BatchNorm2d.defaults(), input);
    }

    public String batchNorm(String nodeName, String input, double epsilon, double momentum) {
        return node(nodeName, new BatchNorm2d(epsilon, momentum), input);
    }

    public String relu(String nodeName, String input) {
        return node(nodeName, new Relu(), input);
    }

    public String add(String nodeName, String a, String b) {
        return node(nodeName, new Add(), a, b);
    }

    public String maxPool(String nodeName, String input, int kernel, int stride, Padding padding) {
        return node(nodeName, MaxPool2d.square(kernel, stride, padding), input);
    }

    public String avgPool(String nodeName, String input, int kernel, int stride, Padding padding, boolean countIncludePad) {
        return node(nodeName, AvgPool2d.square(kernel, stride, padding, countIncludePad), input);
    }

    public String globalAvgPool(String nodeName, String input) {
        return node(nodeName, new GlobalAvgPool(), input);
    }

    public String flatten(String nodeName, String input) {
        return node(nodeName, new Flatten(), input);
    }

    public String dense(String nodeName, String input, int units, boolean bias) {
        return node(nodeName, new Dense(units, bias), input);
    }

    /** Shape (without batch) of an already added node or the input. */
    public Shape shapeOf(String nodeName) {
        Shape s = shapes.get(nodeName);
        if (s == null) {
            throw new IllegalArgumentException("no node '" + nodeName + "' yet");
        }
        return s;
    }

    /**
     * Finishes the network with {@code output} as its output node. Only a network whose output is rank 1 per example
     * (logits) can be trained; others (a single residual block, say) can still be run forward.
     */
    public Network build(String output) {
        if (nodes.isEmpty()) {
            throw new InvalidNetworkException(Network.INPUT, "network '" + name + "' has no nodes");
        }
        if (!shapes.containsKey(output) || Network.INPUT.equals(output)) {
            throw new InvalidNetworkException(output, "output is not a node of network '" + name + "'");
        }
        return new Network(name, inputShape, nodes, output);
    }

    /** Max pooling padded as TensorFlow's 'SAME' would pad it for this input size (possibly asymmetric). */
    public String maxPoolTfSame(String nodeName, String input, int kernel, int stride) {
        Shape in = shapeOf(input);
        return node(nodeName, MaxPool2d.square(kernel, stride, Padding.tfSame(in.dim(1), in.dim(2), kernel, kernel, stride, stride)), input);
    }
}
