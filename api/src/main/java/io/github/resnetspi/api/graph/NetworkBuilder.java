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

    /**
     * Adds a node applying {@code op} to the named inputs.
     *
     * @param nodeName the new node's name, unique and non-blank
     * @param op       what the node computes
     * @param inputs   names of earlier nodes (or {@link Network#INPUT}), as many as the op's arity
     * @return {@code nodeName}
     * @throws InvalidNetworkException when the name, the inputs or their shapes do not fit the op
     */
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

    /**
     * Adds a convolution node.
     *
     * @param nodeName the new node's name
     * @param input    the name of its input node
     * @param conv     the convolution
     * @return {@code nodeName}
     */
    public String conv(String nodeName, String input, Conv2d conv) {
        return node(nodeName, conv, input);
    }

    /**
     * Adds a square convolution with symmetric padding.
     *
     * @param nodeName the new node's name
     * @param input    the name of its input node
     * @param outChannels output channels
     * @param kernel      kernel height and width
     * @param stride      stride along H and W
     * @param pad         zero padding on every side
     * @param bias        whether a bias is added
     * @return {@code nodeName}
     */
    public String conv(String nodeName, String input, int outChannels, int kernel, int stride, int pad, boolean bias) {
        return node(nodeName, Conv2d.square(outChannels, kernel, stride, Padding.symmetric(pad), bias), input);
    }

    /**
     * Adds a square convolution padded as TensorFlow's 'SAME' would pad it for this input size (possibly asymmetric).
     *
     * @param nodeName the new node's name
     * @param input    the name of its input node
     * @param outChannels output channels
     * @param kernel      kernel height and width
     * @param stride      stride along H and W
     * @param bias        whether a bias is added
     * @return {@code nodeName}
     */
    public String convTfSame(String nodeName, String input, int outChannels, int kernel, int stride, boolean bias) {
        Shape in = shapeOf(input);
        Padding p = Padding.tfSame(in.dim(1), in.dim(2), kernel, kernel, stride, stride);
        return node(nodeName, Conv2d.square(outChannels, kernel, stride, p, bias), input);
    }

    /**
     * Adds a batch-norm node with PyTorch's defaults ({@link BatchNorm2d#defaults()}).
     *
     * @param nodeName the new node's name
     * @param input    the name of its input node
     * @return {@code nodeName}
     */
    public String batchNorm(String nodeName, String input) {
        return node(nodeName, BatchNorm2d.defaults(), input);
    }

    /**
     * Adds a batch-norm node.
     *
     * @param nodeName the new node's name
     * @param input    the name of its input node
     * @param epsilon  ε added to the variance
     * @param momentum running-statistics momentum, PyTorch's convention
     * @return {@code nodeName}
     */
    public String batchNorm(String nodeName, String input, double epsilon, double momentum) {
        return node(nodeName, new BatchNorm2d(epsilon, momentum), input);
    }

    /**
     * Adds a ReLU node.
     *
     * @param nodeName the new node's name
     * @param input    the name of its input node
     * @return {@code nodeName}
     */
    public String relu(String nodeName, String input) {
        return node(nodeName, new Relu(), input);
    }

    /**
     * Adds a residual add node: the element-wise sum of two nodes of the same shape.
     *
     * @param nodeName the new node's name
     * @param a        the first input node
     * @param b        the second input node
     * @return {@code nodeName}
     */
    public String add(String nodeName, String a, String b) {
        return node(nodeName, new Add(), a, b);
    }

    /**
     * Adds a square max-pooling node.
     *
     * @param nodeName the new node's name
     * @param input    the name of its input node
     * @param kernel   window height and width
     * @param stride   stride along H and W
     * @param padding  explicit padding
     * @return {@code nodeName}
     */
    public String maxPool(String nodeName, String input, int kernel, int stride, Padding padding) {
        return node(nodeName, MaxPool2d.square(kernel, stride, padding), input);
    }

    /**
     * Adds a square average-pooling node.
     *
     * @param nodeName the new node's name
     * @param input    the name of its input node
     * @param kernel          window height and width
     * @param stride          stride along H and W
     * @param padding         explicit zero padding
     * @param countIncludePad whether padded cells count in the divisor
     * @return {@code nodeName}
     */
    public String avgPool(String nodeName, String input, int kernel, int stride, Padding padding, boolean countIncludePad) {
        return node(nodeName, AvgPool2d.square(kernel, stride, padding, countIncludePad), input);
    }

    /**
     * Adds a global-average-pooling node: (C, H, W) to (C, 1, 1).
     *
     * @param nodeName the new node's name
     * @param input    the name of its input node
     * @return {@code nodeName}
     */
    public String globalAvgPool(String nodeName, String input) {
        return node(nodeName, new GlobalAvgPool(), input);
    }

    /**
     * Adds a flatten node: (C, H, W) to (C·H·W).
     *
     * @param nodeName the new node's name
     * @param input    the name of its input node
     * @return {@code nodeName}
     */
    public String flatten(String nodeName, String input) {
        return node(nodeName, new Flatten(), input);
    }

    /**
     * Adds a dense (fully connected) node on a flat input.
     *
     * @param nodeName the new node's name
     * @param input    the name of its input node
     * @param units    number of outputs
     * @param bias     whether a bias is added
     * @return {@code nodeName}
     */
    public String dense(String nodeName, String input, int units, boolean bias) {
        return node(nodeName, new Dense(units, bias), input);
    }

    /**
     * @param nodeName an already added node, or {@link Network#INPUT}
     * @return its output shape, without the batch axis
     * @throws IllegalArgumentException when there is no such node yet
     */
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
     *
     * @param output the name of the output node
     * @return the network
     * @throws InvalidNetworkException when there are no nodes or {@code output} is not one of them
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

    /**
     * Adds square max pooling padded as TensorFlow's 'SAME' would pad it for this input size (possibly asymmetric).
     *
     * @param nodeName the new node's name
     * @param input    the name of its input node
     * @param kernel   window height and width
     * @param stride   stride along H and W
     * @return {@code nodeName}
     */
    public String maxPoolTfSame(String nodeName, String input, int kernel, int stride) {
        Shape in = shapeOf(input);
        return node(nodeName, MaxPool2d.square(kernel, stride, Padding.tfSame(in.dim(1), in.dim(2), kernel, kernel, stride, stride)), input);
    }
}
