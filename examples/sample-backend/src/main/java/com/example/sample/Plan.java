package com.example.sample;

import io.github.resnetspi.api.graph.Add;
import io.github.resnetspi.api.graph.AvgPool2d;
import io.github.resnetspi.api.graph.BatchNorm2d;
import io.github.resnetspi.api.graph.Conv2d;
import io.github.resnetspi.api.graph.Dense;
import io.github.resnetspi.api.graph.Flatten;
import io.github.resnetspi.api.graph.GlobalAvgPool;
import io.github.resnetspi.api.graph.MaxPool2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.OpVisitor;
import io.github.resnetspi.api.graph.ParameterKind;
import io.github.resnetspi.api.graph.Relu;
import io.github.resnetspi.api.graph.Window;
import java.util.List;

/**
 * What the sample backend runs for each node, as one line of text: where an engine backend would build the engine's
 * operation, with the same visitor, the same window geometry and the same tensor names. Dispatching through
 * {@link OpVisitor} means a new op in the API fails this backend's build instead of its users' runs.
 */
// tag::plan[]
final class Plan implements OpVisitor<String> {
    private Plan() {
    }

    /**
     * @param network a network
     * @return one line per node, in node order
     */
    static List<String> of(Network network) {
        Plan plan = new Plan();
        return network.nodes().stream().map(n -> n.name() + ": " + n.accept(plan)).toList();
    }

    @Override
    public String conv(Node node, Conv2d op) {
        return "conv " + window(node) + " with " + node.parameterName(ParameterKind.CONV_WEIGHT) + bias(node);
    }

    @Override
    public String batchNorm(Node node, BatchNorm2d op) {
        return "batch norm eps " + op.epsilon() + " momentum " + op.momentum() + " with "
                + node.parameterName(ParameterKind.RUNNING_MEAN) + ", " + node.parameterName(ParameterKind.RUNNING_VAR);
    }

    @Override
    public String relu(Node node, Relu op) {
        return "relu of " + node.input();
    }

    @Override
    public String add(Node node, Add op) {
        return "add " + node.inputs().get(0) + " + " + node.inputs().get(1);
    }

    @Override
    public String maxPool(Node node, MaxPool2d op) {
        return "max pool " + window(node);
    }

    @Override
    public String avgPool(Node node, AvgPool2d op) {
        // the divisors of each output cell come from the api, never recomputed here
        double[] divisors = Window.of(node).orElseThrow().divisors(op.countIncludePad());
        return "avg pool " + window(node) + ", divisor " + divisors[0] + " at the corner";
    }

    @Override
    public String globalAvgPool(Node node, GlobalAvgPool op) {
        return "global avg pool of " + node.input();
    }

    @Override
    public String flatten(Node node, Flatten op) {
        return "flatten of " + node.input();
    }

    @Override
    public String dense(Node node, Dense op) {
        return "dense " + op.units() + " with " + node.parameterName(ParameterKind.DENSE_WEIGHT) + bias(node);
    }

    private static String bias(Node node) {
        return node.hasParameter(ParameterKind.BIAS) ? " + " + node.parameterName(ParameterKind.BIAS) : "";
    }

    private static String window(Node node) {
        Window w = Window.of(node).orElseThrow();
        return w.kernelH() + "x" + w.kernelW() + "/" + w.strideH() + " " + w.padding() + " " + w.inH() + "x" + w.inW()
                + " -> " + w.outH() + "x" + w.outW();
    }
}
// end::plan[]
