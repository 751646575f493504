package io.github.resnetspi.reference;

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
import io.github.resnetspi.api.train.Mode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference backend's op lowering: each op of a {@link Network} mapped to its float64 {@link Kernels} method,
 * forward (this visitor, one instance per pass) and backward ({@link Backward}), and the loss ({@link #loss}), on named
 * state arrays ({@code <node>.weight}, ...). The model, the gradient checks and the kit's expectations all go through
 * it; the kernels it is given decide every value (the tests' mutants override single kernels).
 */
final class ReferenceOps implements OpVisitor<Activation> {
    private final Kernels kernels;
    private final Pass pass;
    private final Map<String, double[]> state;
    private final Decisions decisions;

    private ReferenceOps(Kernels kernels, Pass pass, Map<String, double[]> state, Decisions decisions) {
        this.kernels = kernels;
        this.pass = pass;
        this.state = state;
        this.decisions = decisions;
    }

    /** One forward pass: every node's output and what its backward pass needs. */
    static final class Pass {
        final Network network;
        final Kernels kernels;
        final Activation input;
        final Map<String, Activation> outputs = new LinkedHashMap<>();
        final Map<String, Object> caches = new HashMap<>();
        final Mode mode;

        Pass(Network network, Kernels kernels, Activation input, Mode mode) {
            this.network = network;
            this.kernels = kernels;
            this.input = input;
            this.mode = mode;
        }

        Activation output(String node) {
            return Network.INPUT.equals(node) ? input : outputs.get(node);
        }
    }

    /** The statistics a batch norm normalised with, and whether they were the batch's own (so depend on x). */
    private record BnUse(double[] mean, double[] var, double eps, boolean batch) {
    }

    /**
     * Runs {@code network} with {@code kernels}. In {@link Mode#TRAIN} batch norm uses batch statistics and updates the
     * running statistics in {@code state}.
     */
    static Pass forward(Network network, Kernels kernels, Activation input, Mode mode, Map<String, double[]> state) {
        return forward(network, kernels, input, mode, state, null);
    }

    /**
     * Runs {@code network}; in a train-mode pass with {@code decisions}, every ReLU's gradient mask and every max pool's
     * winners are those decisions (another engine's) instead of the reference's own.
     */
    static Pass forward(Network network, Kernels kernels, Activation input, Mode mode, Map<String, double[]> state,
                        Decisions decisions) {
        Pass pass = new Pass(network, kernels, input, mode);
        ReferenceOps ops = new ReferenceOps(kernels, pass, state, mode == Mode.TRAIN ? decisions : null);
        for (Node node : network.nodes()) {
            pass.outputs.put(node.name(), node.accept(ops));
        }
        return pass;
    }

    /**
     * The loss of a pass: softmax cross-entropy of its (N, K) output, the mean over the batch.
     *
     * @param pass    a forward pass
     * @param labels  N class indices
     * @param dLogits receives the loss's gradient with respect to the output, or null
     * @return the loss
     */
    static double loss(Pass pass, int[] labels, double[] dLogits) {
        double[] logits = pass.output(pass.network.output()).v();
        return pass.kernels.softmaxCrossEntropy(logits, pass.input.n(), pass.network.classes(), labels, dLogits);
    }

    // ---------------------------------------------------------------- forward

    private Activation in(Node node) {
        return pass.output(node.input());
    }

    private double[] param(Node node, ParameterKind kind) {
        return node.hasParameter(kind) ? state.get(node.parameterName(kind)) : null;
    }

    @Override
    public Activation conv(Node node, Conv2d op) {
        return kernels.convForward(in(node), param(node, ParameterKind.CONV_WEIGHT), param(node, ParameterKind.BIAS),
                op.outChannels(), kernels.window(node));
    }

    @Override
    public Activation batchNorm(Node node, BatchNorm2d op) {
        Activation x = in(node);
        double eps = kernels.epsilon(op, pass.mode);
        double[] gamma = param(node, ParameterKind.BN_GAMMA);
        double[] beta = param(node, ParameterKind.BN_BETA);
        double[] runningMean = param(node, ParameterKind.RUNNING_MEAN);
        double[] runningVar = param(node, ParameterKind.RUNNING_VAR);
        if (!kernels.normalisesWithBatchStatistics(pass.mode)) {
            pass.caches.put(node.name(), new BnUse(runningMean.clone(), runningVar.clone(), eps, false));
            return kernels.bnNormalise(x, gamma, beta, runningMean, runningVar, eps);
        }
        Kernels.BatchStatistics batch = kernels.batchStatistics(x);
        pass.caches.put(node.name(), new BnUse(batch.mean(), batch.normalisingVar(), eps, true));
        if (pass.mode == Mode.TRAIN) {
            kernels.updateRunningStatistics(runningMean, runningVar, batch, op.momentum());
        }
        return kernels.bnNormalise(x, gamma, beta, batch.mean(), batch.normalisingVar(), eps);
    }

    @Override
    public Activation relu(Node node, Relu op) {
        Activation x = in(node);
        pass.caches.put(node.name(), decisions != null ? decisions.reluPasses(node, x) : kernels.reluPasses(x));
        return kernels.reluForward(x);
    }

    @Override
    public Activation add(Node node, Add op) {
        return kernels.add(in(node), pass.output(node.inputs().get(1)));
    }

    @Override
    public Activation maxPool(Node node, MaxPool2d op) {
        Window g = kernels.window(node);
        Activation x = in(node);
        int[] winners = new int[x.n() * x.c() * g.outH() * g.outW()];
        Activation out = kernels.maxPoolForward(x, g, winners);
        pass.caches.put(node.name(), decisions != null ? decisions.maxPoolWinners(node, g, x, winners) : winners);
        return out;
    }

    @Override
    public Activation avgPool(Node node, AvgPool2d op) {
        Window g = kernels.window(node);
        double[] divisors = kernels.avgPoolDivisors(g, op.countIncludePad());
        pass.caches.put(node.name(), divisors);
        return kernels.avgPoolForward(in(node), g, divisors);
    }

    @Override
    public Activation globalAvgPool(Node node, GlobalAvgPool op) {
        return kernels.globalAvgPoolForward(in(node));
    }

    @Override
    public Activation flatten(Node node, Flatten op) {
        return kernels.flattenForward(in(node));
    }

    @Override
    public Activation dense(Node node, Dense op) {
        return kernels.denseForward(in(node), param(node, ParameterKind.DENSE_WEIGHT), param(node, ParameterKind.BIAS),
                op.units());
    }

    // ---------------------------------------------------------------- backward

    /**
     * Backpropagates {@code dOutput} (the gradient of the network's output) through a train- or eval-mode pass.
     * Returns the gradient of every trainable parameter by name, plus the input gradient under {@link Network#INPUT}.
     * Batch norm that normalised with running statistics is treated as the affine map it is.
     */
    static Map<String, double[]> backward(Pass pass, Map<String, double[]> state, double[] dOutput) {
        Backward step = new Backward(pass, state);
        step.dAct.put(pass.network.output(), dOutput);
        List<Node> nodes = pass.network.nodes();
        for (int k = nodes.size() - 1; k >= 0; k--) {
            Node node = nodes.get(k);
            step.dy = step.dAct.remove(node.name());
            if (step.dy != null) { // else the node does not reach the output
                node.accept(step);
            }
        }
        double[] dInput = step.dAct.get(Network.INPUT);
        step.grads.put(Network.INPUT, dInput == null ? new double[pass.input.v().length] : dInput);
        return step.grads;
    }

    /** The backward kernel of each op: accumulates parameter gradients and the gradients of the node's inputs. */
    private static final class Backward implements OpVisitor<Void> {
        private final Pass pass;
        private final Kernels kernels;
        private final Map<String, double[]> state;
        final Map<String, double[]> grads = new LinkedHashMap<>();
        final Map<String, double[]> dAct = new HashMap<>();
        /** The gradient of the node being visited. */
        double[] dy;

        Backward(Pass pass, Map<String, double[]> state) {
            this.pass = pass;
            this.kernels = pass.kernels;
            this.state = state;
            pass.network.trainableParameters().forEach(p -> grads.put(p.name(), new double[Math.toIntExact(p.shape().size())]));
        }

        private Activation in(Node node) {
            return pass.output(node.input());
        }

        private double[] grad(Node node, ParameterKind kind) {
            return node.hasParameter(kind) ? grads.get(node.parameterName(kind)) : null;
        }

        @Override
        public Void conv(Node node, Conv2d op) {
            return flow(node.input(), kernels.convBackward(in(node), state.get(node.parameterName(ParameterKind.CONV_WEIGHT)),
                    dy, op.outChannels(), kernels.window(node), grad(node, ParameterKind.CONV_WEIGHT), grad(node, ParameterKind.BIAS)));
        }

        @Override
        public Void batchNorm(Node node, BatchNorm2d op) {
            BnUse use = (BnUse) pass.caches.get(node.name());
            double[] gamma = state.get(node.parameterName(ParameterKind.BN_GAMMA));
            double[] dGamma = grad(node, ParameterKind.BN_GAMMA);
            double[] dBeta = grad(node, ParameterKind.BN_BETA);
            double[] dx = use.batch()
                    ? kernels.bnBatchBackward(in(node), gamma, use.mean(), use.var(), use.eps(), dy, dGamma, dBeta)
                    : kernels.bnFixedBackward(in(node), gamma, use.mean(), use.var(), use.eps(), dy, dGamma, dBeta);
            return flow(node.input(), dx);
        }

        @Override
        public Void relu(Node node, Relu op) {
            return flow(node.input(), kernels.reluBackward((boolean[]) pass.caches.get(node.name()), dy));
        }

        @Override
        public Void add(Node node, Add op) {
            flow(node.inputs().get(0), dy.clone());
            return flow(node.inputs().get(1), dy.clone());
        }

        @Override
        public Void maxPool(Node node, MaxPool2d op) {
            return flow(node.input(), kernels.maxPoolBackward(in(node).v().length, (int[]) pass.caches.get(node.name()), dy));
        }

        @Override
        public Void avgPool(Node node, AvgPool2d op) {
            return flow(node.input(), kernels.avgPoolBackward(in(node), kernels.window(node), (double[]) pass.caches.get(node.name()), dy));
        }

        @Override
        public Void globalAvgPool(Node node, GlobalAvgPool op) {
            return flow(node.input(), kernels.globalAvgPoolBackward(in(node), dy));
        }

        @Override
        public Void flatten(Node node, Flatten op) {
            return flow(node.input(), kernels.flattenBackward(in(node), dy));
        }

        @Override
        public Void dense(Node node, Dense op) {
            return flow(node.input(), kernels.denseBackward(in(node), state.get(node.parameterName(ParameterKind.DENSE_WEIGHT)),
                    dy, op.units(), grad(node, ParameterKind.DENSE_WEIGHT), grad(node, ParameterKind.BIAS)));
        }

        /** Adds {@code d} to the gradient of node {@code to}'s output. */
        private Void flow(String to, double[] d) {
            double[] have = dAct.get(to);
            if (have == null) {
                dAct.put(to, d);
            } else {
                for (int i = 0; i < d.length; i++) {
                    have[i] += d[i];
                }
            }
            return null;
        }
    }
}
