package io.github.resnetspi.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
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
import io.github.resnetspi.api.graph.Padding;
import io.github.resnetspi.api.graph.Relu;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a {@link Network} over NDArrays, one engine op per node, in node order. Imperative on purpose: every op maps
 * to the engine's own fused kernel (the same ones DJL's blocks call), and explicit asymmetric padding, max-pool
 * padding as −∞ and both average-pool divisors are spelled out here once for every engine.
 */
final class GraphExecutor {
    private static final Shape UNIT = new Shape(1, 1);

    private final Network network;
    private final EngineAdapter adapter;

    GraphExecutor(Network network, EngineAdapter adapter) {
        this.network = network;
        this.adapter = adapter;
    }

    /**
     * Runs the network on {@code input}. Returns every node's output in node order when {@code everyNode}, else only
     * the output node's. Temporaries belong to the caller's scope.
     */
    Map<String, NDArray> run(NDArray input, Map<String, NDArray> state, boolean training, boolean everyNode) {
        Map<String, NDArray> values = new HashMap<>();
        values.put(Network.INPUT, input);
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Node n : network.nodes()) {
            NDArray y = apply(n, values, state, training);
            values.put(n.name(), y);
            if (everyNode) {
                out.put(n.name(), y);
            }
        }
        if (!everyNode) {
            out.put(network.output(), values.get(network.output()));
        }
        return out;
    }

    private NDArray apply(Node n, Map<String, NDArray> values, Map<String, NDArray> state, boolean training) {
        NDArray x = values.get(n.input());
        String p = n.name();
        if (n.op() instanceof Conv2d c) {
            return conv(x, c, state.get(p + ".weight"), c.bias() ? state.get(p + ".bias") : null);
        } else if (n.op() instanceof BatchNorm2d bn) {
            return adapter.batchNorm(x, state.get(p + ".weight"), state.get(p + ".bias"),
                    state.get(p + ".running_mean"), state.get(p + ".running_var"), bn, training);
        } else if (n.op() instanceof Relu) {
            return Activation.relu(x);
        } else if (n.op() instanceof Add) {
            return x.add(values.get(n.inputs().get(1)));
        } else if (n.op() instanceof MaxPool2d m) {
            return maxPool(x, m);
        } else if (n.op() instanceof AvgPool2d a) {
            return avgPool(x, a);
        } else if (n.op() instanceof GlobalAvgPool) {
            return globalAverage(x);
        } else if (n.op() instanceof Flatten) {
            return x.reshape(x.getShape().get(0), -1);
        } else if (n.op() instanceof Dense d) {
            return x.getNDArrayInternal().linear(x, state.get(p + ".weight"), d.bias() ? state.get(p + ".bias") : null)
                    .singletonOrThrow();
        }
        throw new IllegalStateException("node '" + n.name() + "': op " + n.op().kind() + " has no DJL kernel");
    }

    /** A mean over H and W as one average pool over the whole map (DJL's PyTorch mean takes one axis at a time). */
    private static NDArray globalAverage(NDArray x) {
        long[] d = x.getShape().getShape();
        return x.getNDArrayInternal().avgPool(new Shape(d[2], d[3]), UNIT, new Shape(0, 0), false, true);
    }

    private static NDArray conv(NDArray x, Conv2d c, NDArray weight, NDArray bias) {
        Padding pad = c.padding();
        NDArray in = pad.isSymmetric() ? x : Padder.pad(x, pad, 0f);
        Shape enginePad = pad.isSymmetric() ? new Shape(pad.top(), pad.left()) : new Shape(0, 0);
        return in.getNDArrayInternal()
                .convolution(in, weight, bias, new Shape(c.strideH(), c.strideW()), enginePad, UNIT, 1)
                .singletonOrThrow();
    }

    /** Engine max pooling skips padded cells (verified by tests); asymmetric padding is added first as −∞. */
    private static NDArray maxPool(NDArray x, MaxPool2d m) {
        Padding pad = m.padding();
        NDArray in = pad.isSymmetric() ? x : Padder.pad(x, pad, Float.NEGATIVE_INFINITY);
        Shape enginePad = pad.isSymmetric() ? new Shape(pad.top(), pad.left()) : new Shape(0, 0);
        return in.getNDArrayInternal().maxPool(new Shape(m.kernelH(), m.kernelW()), new Shape(m.strideH(), m.strideW()),
                enginePad, false);
    }

    /**
     * Zero-padded average (divisor kernelH·kernelW), then, without count-include-pad, rescaled by the share of each
     * window that lies inside the input: the same pooling of an all-ones image. Engines' own exclude-pad flags are
     * not relied on (DJL's PyTorch engine ignores it).
     */
    private static NDArray avgPool(NDArray x, AvgPool2d a) {
        NDArray sumLike = includePadAverage(x, a);
        if (a.countIncludePad() || a.padding().isZero()) {
            return sumLike;
        }
        long[] d = x.getShape().getShape();
        NDArray ones = x.getManager().ones(new Shape(1, 1, d[2], d[3]), x.getDataType());
        return sumLike.div(includePadAverage(ones, a));
    }

    private static NDArray includePadAverage(NDArray x, AvgPool2d a) {
        Padding pad = a.padding();
        NDArray in = pad.isZero() ? x : Padder.pad(x, pad, 0f);
        NDArrayEx ex = in.getNDArrayInternal();
        return ex.avgPool(new Shape(a.kernelH(), a.kernelW()), new Shape(a.strideH(), a.strideW()), new Shape(0, 0),
                false, true);
    }
}
