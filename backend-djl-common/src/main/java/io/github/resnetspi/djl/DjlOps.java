package io.github.resnetspi.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
import io.github.resnetspi.api.graph.OpVisitor;
import io.github.resnetspi.api.graph.Padding;
import io.github.resnetspi.api.graph.ParameterKind;
import io.github.resnetspi.api.graph.Relu;
import io.github.resnetspi.api.graph.Window;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every op of a network on a DJL engine, and the loss: one engine op per node, run in node order (imperative on
 * purpose: every op maps to the engine's own fused kernel, the same ones DJL's blocks call). Explicit asymmetric
 * padding, max-pool padding as −∞ and both average-pool divisors are spelled out here once for every engine; what
 * differs per engine (batch norm, add) goes through the {@link EngineAdapter}. One instance is one pass.
 */
final class DjlOps implements OpVisitor<NDArray> {
    private static final Shape UNIT = new Shape(1, 1);
    private static final Shape NO_PAD = new Shape(0, 0);

    private final EngineAdapter adapter;
    private final Map<String, NDArray> values = new HashMap<>();
    private final Map<String, NDArray> state;
    private final boolean training;

    private DjlOps(EngineAdapter adapter, NDArray input, Map<String, NDArray> state, boolean training) {
        this.adapter = adapter;
        this.state = state;
        this.training = training;
        values.put(Network.INPUT, input);
    }

    /**
     * Runs {@code network} on {@code input}. Returns every node's output in node order when {@code everyNode}, else
     * only the output node's. Temporaries belong to the caller's scope.
     */
    static Map<String, NDArray> run(Network network, EngineAdapter adapter, NDArray input, Map<String, NDArray> state,
                                    boolean training, boolean everyNode) {
        DjlOps ops = new DjlOps(adapter, input, state, training);
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Node n : network.nodes()) {
            NDArray y = n.accept(ops);
            ops.values.put(n.name(), y);
            if (everyNode) {
                out.put(n.name(), y);
            }
        }
        if (!everyNode) {
            out.put(network.output(), ops.values.get(network.output()));
        }
        return out;
    }

    /**
     * @param manager where the labels go (the caller's scope)
     * @param labels  class indices
     * @param classes the number of classes
     * @return the labels one-hot, (N, classes)
     */
    static NDArray oneHot(NDManager manager, int[] labels, int classes) {
        float[] v = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            v[i * classes + labels[i]] = 1f;
        }
        return manager.create(v, new Shape(labels.length, classes));
    }

    /**
     * The loss: softmax cross-entropy, the mean over the batch of −Σ oneHot · log softmax(logits).
     *
     * @param logits (N, classes)
     * @param oneHot the labels one-hot ({@link #oneHot})
     * @return the scalar loss
     */
    static NDArray softmaxCrossEntropy(NDArray logits, NDArray oneHot) {
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    private NDArray in(Node n) {
        return values.get(n.input());
    }

    private NDArray param(Node n, ParameterKind kind) {
        return n.hasParameter(kind) ? state.get(n.parameterName(kind)) : null;
    }

    @Override
    public NDArray conv(Node n, Conv2d c) {
        Padding pad = c.padding();
        // symmetric padding is the engine's own; only asymmetric padding needs an explicit pad op
        NDArray x = pad.isSymmetric() ? in(n) : Padder.pad(in(n), pad, 0f);
        Shape enginePad = pad.isSymmetric() ? new Shape(pad.top(), pad.left()) : NO_PAD;
        return x.getNDArrayInternal().convolution(x, param(n, ParameterKind.CONV_WEIGHT), param(n, ParameterKind.BIAS),
                new Shape(c.strideH(), c.strideW()), enginePad, UNIT, 1).singletonOrThrow();
    }

    @Override
    public NDArray batchNorm(Node n, BatchNorm2d bn) {
        return adapter.batchNorm(in(n), param(n, ParameterKind.BN_GAMMA), param(n, ParameterKind.BN_BETA),
                param(n, ParameterKind.RUNNING_MEAN), param(n, ParameterKind.RUNNING_VAR), bn, training);
    }

    @Override
    public NDArray relu(Node n, Relu op) {
        return Activation.relu(in(n));
    }

    @Override
    public NDArray add(Node n, Add op) {
        return adapter.add(in(n), values.get(n.inputs().get(1)));
    }

    /** Engine max pooling skips padded cells (verified by tests); asymmetric padding is added first as −∞. */
    @Override
    public NDArray maxPool(Node n, MaxPool2d m) {
        Padding pad = m.padding();
        NDArray x = pad.isSymmetric() ? in(n) : Padder.pad(in(n), pad, Float.NEGATIVE_INFINITY);
        Shape enginePad = pad.isSymmetric() ? new Shape(pad.top(), pad.left()) : NO_PAD;
        return x.getNDArrayInternal().maxPool(new Shape(m.kernelH(), m.kernelW()), new Shape(m.strideH(), m.strideW()),
                enginePad, false);
    }

    /**
     * Zero-padded average (divisor kernelH·kernelW), then, without count-include-pad, multiplied by the api's
     * per-cell factor area / real cells. Engines' own exclude-pad flags are not relied on (DJL's PyTorch engine
     * ignores it).
     */
    @Override
    public NDArray avgPool(Node n, AvgPool2d a) {
        Padding pad = a.padding();
        NDArray x = pad.isZero() ? in(n) : Padder.pad(in(n), pad, 0f);
        NDArray y = x.getNDArrayInternal().avgPool(new Shape(a.kernelH(), a.kernelW()),
                new Shape(a.strideH(), a.strideW()), NO_PAD, false, true);
        if (a.countIncludePad() || pad.isZero()) {
            return y;
        }
        Window w = Window.of(n).orElseThrow();
        return y.mul(x.getManager().create(w.excludePadScale(), new Shape(1, 1, w.outH(), w.outW())));
    }

    /** A mean over H and W as one average pool over the whole map (DJL's PyTorch mean takes one axis at a time). */
    @Override
    public NDArray globalAvgPool(Node n, GlobalAvgPool op) {
        NDArray x = in(n);
        long[] d = x.getShape().getShape();
        return x.getNDArrayInternal().avgPool(new Shape(d[2], d[3]), UNIT, NO_PAD, false, true);
    }

    @Override
    public NDArray flatten(Node n, Flatten op) {
        NDArray x = in(n);
        return x.reshape(x.getShape().get(0), -1);
    }

    @Override
    public NDArray dense(Node n, Dense d) {
        NDArray x = in(n);
        return x.getNDArrayInternal().linear(x, param(n, ParameterKind.DENSE_WEIGHT), param(n, ParameterKind.BIAS))
                .singletonOrThrow();
    }
}
