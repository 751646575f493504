package io.github.resnetspi.reference;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.Window;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;

/**
 * The discrete decisions of another engine's train-mode forward pass, read from every node's output
 * ({@link io.github.resnetspi.api.Model#forwardAll}): which elements of each ReLU pass their gradient (the
 * engine's output is positive) and which cell of each max-pool window receives it (the first cell, in row-major
 * window order, that equals the engine's output). A reference pass that takes these decisions differs from the engine
 * only by rounding, even where float32 rounding put a ReLU input on the other side of 0 or changed a near-tie. Where
 * an engine's output is no value of its window (an engine that pools another window), the reference keeps its own
 * winner, and the comparison of the step shows the difference.
 */
final class Decisions {
    private final Network network;
    private final NamedTensors outputs;

    Decisions(Network network, NamedTensors outputs) {
        for (Node node : network.nodes()) {
            if (!outputs.contains(node.name())) {
                throw new IllegalArgumentException("the decisions to follow lack node '" + node.name()
                        + "': pass every node's output (Model.forwardAll in TRAIN mode)");
            }
        }
        this.network = network;
        this.outputs = outputs;
    }

    private FloatTensor output(Node node, int size) {
        FloatTensor t = outputs.get(node.name());
        if (t.size() != size) {
            throw new IllegalArgumentException("the decisions to follow have " + t.size() + " values for node '" + node.name()
                    + "', this pass " + size + ": they must come from a forward on the same images");
        }
        return t;
    }

    /** Which elements of the ReLU {@code node} pass their gradient: where the other engine's output is positive. */
    boolean[] reluPasses(Node node, Activation ownInput) {
        FloatTensor out = output(node, ownInput.v().length);
        boolean[] passes = new boolean[out.size()];
        for (int i = 0; i < passes.length; i++) {
            passes[i] = out.get(i) > 0;
        }
        return passes;
    }

    /**
     * The winner of each window of max pool {@code node}: the first real cell whose value in the other engine's input
     * equals its output, else {@code own}'s. The input is the other engine's output of the preceding node, or the
     * images themselves.
     */
    int[] maxPoolWinners(Node node, Window g, Activation ownInput, int[] own) {
        int n = ownInput.n(), c = ownInput.c(), h = ownInput.h(), w = ownInput.w();
        int oh = g.outH(), ow = g.outW();
        FloatTensor out = output(node, n * c * oh * ow);
        float[] in = new float[ownInput.v().length];
        if (Network.INPUT.equals(node.input())) {
            for (int i = 0; i < in.length; i++) {
                in[i] = (float) ownInput.v()[i];
            }
        } else {
            FloatTensor other = output(network.node(node.input()), in.length);
            for (int i = 0; i < in.length; i++) {
                in[i] = other.get(i);
            }
        }
        int[] winners = new int[out.size()];
        for (int plane = 0; plane < n * c; plane++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int o = (plane * oh + y) * ow + x;
                    int first = firstEqual(in, plane * h * w, h, w, g, y, x, out.get(o));
                    winners[o] = first >= 0 ? first : own[o];
                }
            }
        }
        return winners;
    }

    private static int firstEqual(float[] in, int base, int h, int w, Window g, int y, int x, float value) {
        for (int r = 0; r < g.kernelH(); r++) {
            int iy = g.firstRow(y) + r;
            if (iy < 0 || iy >= h) {
                continue;
            }
            for (int s = 0; s < g.kernelW(); s++) {
                int ix = g.firstCol(x) + s;
                if (ix >= 0 && ix < w && in[base + iy * w + ix] == value) {
                    return base + iy * w + ix;
                }
            }
        }
        return -1;
    }
}
