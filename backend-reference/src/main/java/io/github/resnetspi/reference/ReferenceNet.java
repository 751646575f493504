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
import io.github.resnetspi.api.graph.Padding;
import io.github.resnetspi.api.graph.ParameterKind;
import io.github.resnetspi.api.graph.Relu;
import io.github.resnetspi.api.graph.Window;
import io.github.resnetspi.api.train.Mode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link Network} forward and backward in float64 on named state arrays ({@code <node>.weight}, ...). Stateless
 * apart from the network and the {@link Semantics}; the model, the gradient checks and the kit's expectations all go
 * through it.
 */
final class ReferenceNet {
    private final Network network;
    private final Semantics semantics;

    ReferenceNet(Network network, Semantics semantics) {
        this.network = network;
        this.semantics = semantics;
    }

    Network network() {
        return network;
    }

    /** One forward pass: every node's output and what its backward pass needs. */
    static final class Pass {
        final Activation input;
        final Map<String, Activation> outputs = new LinkedHashMap<>();
        final Map<String, Object> caches = new HashMap<>();
        final Mode mode;

        Pass(Activation input, Mode mode) {
            this.input = input;
            this.mode = mode;
        }

        Activation output(String node) {
            return Network.INPUT.equals(node) ? input : outputs.get(node);
        }
    }

    /**
     * Runs the network. In {@link Mode#TRAIN} batch norm uses batch statistics and updates the running statistics in
     * {@code state} (PyTorch's convention, unbiased variance unless a mutant says otherwise).
     */
    Pass forward(Activation input, Mode mode, Map<String, double[]> state) {
        Pass pass = new Pass(input, mode);
        Forward step = new Forward(pass, state);
        for (Node node : network.nodes()) {
            pass.outputs.put(node.name(), node.accept(step));
        }
        return pass;
    }

    /** The forward kernel of each op, on the pass so far. */
    private final class Forward implements OpVisitor<Activation> {
        private final Pass pass;
        private final Map<String, double[]> state;

        Forward(Pass pass, Map<String, double[]> state) {
            this.pass = pass;
            this.state = state;
        }

        private Activation in(Node node) {
            return pass.output(node.input());
        }

        private double[] param(Node node, ParameterKind kind) {
            return node.hasParameter(kind) ? state.get(node.parameterName(kind)) : null;
        }

        @Override
        public Activation conv(Node node, Conv2d op) {
            return perturbed(Kernels.convForward(in(node), param(node, ParameterKind.CONV_WEIGHT),
                    param(node, ParameterKind.BIAS), op.outChannels(), window(node)));
        }

        @Override
        public Activation batchNorm(Node node, BatchNorm2d op) {
            return perturbed(ReferenceNet.this.batchNorm(node, op, in(node), pass, state));
        }

        @Override
        public Activation relu(Node node, Relu op) {
            return perturbed(Kernels.reluForward(in(node)));
        }

        @Override
        public Activation add(Node node, Add op) {
            Activation a = in(node);
            Activation b = pass.output(node.inputs().get(1));
            double[] out = new double[a.v().length];
            for (int i = 0; i < out.length; i++) {
                out[i] = a.v()[i] + b.v()[i];
            }
            return perturbed(new Activation(out, a.n(), a.c(), a.h(), a.w()));
        }

        @Override
        public Activation maxPool(Node node, MaxPool2d op) {
            int[][] argmax = new int[1][];
            Activation out = Kernels.maxPoolForward(in(node), window(node), argmax);
            pass.caches.put(node.name(), argmax[0]);
            return perturbed(out);
        }

        @Override
        public Activation avgPool(Node node, AvgPool2d op) {
            Window g = window(node);
            double[] div = g.divisors(op.countIncludePad() || semantics.avgPoolAlwaysCountsPad());
            pass.caches.put(node.name(), div);
            return perturbed(Kernels.avgPoolForward(in(node), g, div));
        }

        @Override
        public Activation globalAvgPool(Node node, GlobalAvgPool op) {
            return perturbed(Kernels.globalAvgPoolForward(in(node)));
        }

        @Override
        public Activation flatten(Node node, Flatten op) {
            Activation x = in(node);
            return new Activation(x.v(), x.n(), x.features(), 1, 1); // a view: nothing computed, nothing perturbed
        }

        @Override
        public Activation dense(Node node, Dense op) {
            return perturbed(Kernels.denseForward(in(node), param(node, ParameterKind.DENSE_WEIGHT),
                    param(node, ParameterKind.BIAS), op.units()));
        }

        private Activation perturbed(Activation y) {
            semantics.perturb(y.v());
            return y;
        }
    }

    private Activation batchNorm(Node node, BatchNorm2d bn, Activation x, Pass pass, Map<String, double[]> state) {
        double eps = semantics.bnEpsilon(bn.epsilon());
        double[] gamma = state.get(node.parameterName(ParameterKind.BN_GAMMA));
        double[] beta = state.get(node.parameterName(ParameterKind.BN_BETA));
        double[] runningMean = state.get(node.parameterName(ParameterKind.RUNNING_MEAN));
        double[] runningVar = state.get(node.parameterName(ParameterKind.RUNNING_VAR));
        if (pass.mode == Mode.EVAL) {
            return Kernels.bnEvalForward(x, gamma, beta, runningMean, runningVar, eps);
        }
        Kernels.BnCache[] cache = new Kernels.BnCache[1];
        Activation y = Kernels.bnTrainForward(x, gamma, beta, eps, cache);
        pass.caches.put(node.name(), cache[0]);
        double m = (double) x.n() * x.plane();
        double correction = semantics.biasedRunningVar() ? 1 : m / (m - 1);
        double mom = bn.momentum();
        for (int c = 0; c < runningMean.length; c++) {
            runningMean[c] = (1 - mom) * runningMean[c] + mom * cache[0].mean()[c];
            runningVar[c] = (1 - mom) * runningVar[c] + mom * cache[0].biasedVar()[c] * correction;
        }
        semantics.round(runningMean);
        semantics.round(runningVar);
        return y;
    }

    /**
     * The window geometry of a conv or pool node. The correct reference uses the declared padding; the 'SAME' mutant
     * replaces symmetric padding by TensorFlow's split whenever that gives the same output size (the classic porting
     * bug of mapping {@code padding=k/2} to {@code 'SAME'}).
     */
    private Window window(Node node) {
        Window declared = Window.of(node).orElseThrow();
        if (semantics.tfSamePadding() && declared.padding().isSymmetric()) {
            Padding same = Padding.tfSame(declared.inH(), declared.inW(), declared.kernelH(), declared.kernelW(),
                    declared.strideH(), declared.strideW());
            Window mutated = declared.withPadding(same);
            if (mutated.outH() == declared.outH() && mutated.outW() == declared.outW()) {
                return mutated;
            }
        }
        return declared;
    }

    /**
     * Backpropagates {@code dOutput} (the gradient of the network's output) through a train- or eval-mode pass.
     * Returns the gradient of every trainable parameter by name, plus the input gradient under {@link Network#INPUT}.
     * Batch norm in eval mode is treated as the affine map it is.
     */
    Map<String, double[]> backward(Pass pass, Map<String, double[]> state, double[] dOutput) {
        Backward step = new Backward(pass, state);
        step.dAct.put(network.output(), dOutput);
        List<Node> nodes = network.nodes();
        for (int k = nodes.size() - 1; k >= 0; k--) {
            Node node = nodes.get(k);
            step.dy = step.dAct.remove(node.name());
            if (step.dy != null) { // else the node does not reach the output
                node.accept(step);
            }
        }
        step.grads.values().forEach(semantics::round);
        double[] dInput = step.dAct.get(Network.INPUT);
        step.grads.put(Network.INPUT, dInput == null ? new double[pass.input.v().length] : dInput);
        return step.grads;
    }

    /** The backward kernel of each op: accumulates parameter gradients and the gradients of the node's inputs. */
    private final class Backward implements OpVisitor<Void> {
        private final Pass pass;
        private final Map<String, double[]> state;
        final Map<String, double[]> grads = new LinkedHashMap<>();
        final Map<String, double[]> dAct = new HashMap<>();
        /** The gradient of the node being visited. */
        double[] dy;

        Backward(Pass pass, Map<String, double[]> state) {
            this.pass = pass;
            this.state = state;
            network.trainableParameters().forEach(p -> grads.put(p.name(), new double[Math.toIntExact(p.shape().size())]));
        }

        private Activation in(Node node) {
            return pass.output(node.input());
        }

        private double[] grad(Node node, ParameterKind kind) {
            return node.hasParameter(kind) ? grads.get(node.parameterName(kind)) : null;
        }

        @Override
        public Void conv(Node node, Conv2d op) {
            return flow(node.input(), Kernels.convBackward(in(node), state.get(node.parameterName(ParameterKind.CONV_WEIGHT)),
                    dy, op.outChannels(), window(node), grad(node, ParameterKind.CONV_WEIGHT), grad(node, ParameterKind.BIAS)));
        }

        @Override
        public Void batchNorm(Node node, BatchNorm2d op) {
            return flow(node.input(), batchNormBackward(node, op, in(node), pass, state, dy,
                    grad(node, ParameterKind.BN_GAMMA), grad(node, ParameterKind.BN_BETA)));
        }

        @Override
        public Void relu(Node node, Relu op) {
            return flow(node.input(), Kernels.reluBackward(in(node), dy));
        }

        @Override
        public Void add(Node node, Add op) {
            flow(node.inputs().get(0), dy.clone());
            return flow(node.inputs().get(1), dy.clone());
        }

        @Override
        public Void maxPool(Node node, MaxPool2d op) {
            return flow(node.input(), Kernels.maxPoolBackward(in(node).v().length, (int[]) pass.caches.get(node.name()), dy));
        }

        @Override
        public Void avgPool(Node node, AvgPool2d op) {
            return flow(node.input(), Kernels.avgPoolBackward(in(node), window(node), (double[]) pass.caches.get(node.name()), dy));
        }

        @Override
        public Void globalAvgPool(Node node, GlobalAvgPool op) {
            return flow(node.input(), Kernels.globalAvgPoolBackward(in(node), dy));
        }

        @Override
        public Void flatten(Node node, Flatten op) {
            return flow(node.input(), dy.clone());
        }

        @Override
        public Void dense(Node node, Dense op) {
            return flow(node.input(), Kernels.denseBackward(in(node), state.get(node.parameterName(ParameterKind.DENSE_WEIGHT)),
                    dy, op.units(), grad(node, ParameterKind.DENSE_WEIGHT), grad(node, ParameterKind.BIAS)));
        }

        /** Adds {@code d} to the gradient of node {@code to}'s output. */
        private Void flow(String to, double[] d) {
            semantics.perturb(d);
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

    private double[] batchNormBackward(Node node, BatchNorm2d bn, Activation x, Pass pass, Map<String, double[]> state,
                                       double[] dy, double[] dGamma, double[] dBeta) {
        double[] gamma = state.get(node.parameterName(ParameterKind.BN_GAMMA));
        if (pass.mode == Mode.TRAIN) {
            return Kernels.bnTrainBackward(x, gamma, (Kernels.BnCache) pass.caches.get(node.name()), dy, dGamma, dBeta);
        }
        double eps = semantics.bnEpsilon(bn.epsilon());
        double[] rm = state.get(node.parameterName(ParameterKind.RUNNING_MEAN));
        double[] rv = state.get(node.parameterName(ParameterKind.RUNNING_VAR));
        int n = x.n(), c = x.c(), pl = x.plane();
        double[] dIn = new double[dy.length];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                double inv = 1 / Math.sqrt(rv[ch] + eps);
                int base = (b * c + ch) * pl;
                for (int i = 0; i < pl; i++) {
                    dGamma[ch] += dy[base + i] * (x.v()[base + i] - rm[ch]) * inv;
                    dBeta[ch] += dy[base + i];
                    dIn[base + i] = dy[base + i] * gamma[ch] * inv;
                }
            }
        }
        return dIn;
    }
}
