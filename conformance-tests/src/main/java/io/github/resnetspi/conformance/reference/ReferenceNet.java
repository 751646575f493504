package io.github.resnetspi.conformance.reference;

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
import io.github.resnetspi.api.graph.Shape;
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
        for (Node node : network.nodes()) {
            Activation x = pass.output(node.input());
            Activation y = forwardNode(node, x, mode, state, pass);
            if (!(node.op() instanceof Flatten)) {
                semantics.perturb(y.v());
            }
            pass.outputs.put(node.name(), y);
        }
        return pass;
    }

    private Activation forwardNode(Node node, Activation x, Mode mode, Map<String, double[]> state, Pass pass) {
        String p = node.name();
        if (node.op() instanceof Conv2d c) {
            return Kernels.convForward(x, state.get(p + ".weight"), c.bias() ? state.get(p + ".bias") : null,
                    c.outChannels(), window(c.kernelH(), c.kernelW(), c.strideH(), c.strideW(), c.padding(), x, node));
        } else if (node.op() instanceof BatchNorm2d bn) {
            return batchNorm(node, bn, x, mode, state, pass);
        } else if (node.op() instanceof Relu) {
            return Kernels.reluForward(x);
        } else if (node.op() instanceof Add) {
            return add(x, pass.output(node.inputs().get(1)));
        } else if (node.op() instanceof MaxPool2d m) {
            int[][] argmax = new int[1][];
            Activation out = Kernels.maxPoolForward(x,
                    window(m.kernelH(), m.kernelW(), m.strideH(), m.strideW(), m.padding(), x, node), argmax);
            pass.caches.put(p, argmax[0]);
            return out;
        } else if (node.op() instanceof AvgPool2d a) {
            Kernels.Window g = window(a.kernelH(), a.kernelW(), a.strideH(), a.strideW(), a.padding(), x, node);
            double[] div = Kernels.avgPoolDivisors(x.h(), x.w(), g, a.countIncludePad() || semantics.avgPoolAlwaysCountsPad());
            pass.caches.put(p, div);
            return Kernels.avgPoolForward(x, g, div);
        } else if (node.op() instanceof GlobalAvgPool) {
            return Kernels.globalAvgPoolForward(x);
        } else if (node.op() instanceof Flatten) {
            return new Activation(x.v(), x.n(), x.features(), 1, 1);
        } else if (node.op() instanceof Dense d) {
            return Kernels.denseForward(x, state.get(p + ".weight"), d.bias() ? state.get(p + ".bias") : null, d.units());
        }
        throw new IllegalStateException("reference has no kernel for op " + node.op().kind());
    }

    private Activation batchNorm(Node node, BatchNorm2d bn, Activation x, Mode mode, Map<String, double[]> state, Pass pass) {
        String p = node.name();
        double eps = semantics.bnEpsilon(bn.epsilon());
        double[] gamma = state.get(p + ".weight");
        double[] beta = state.get(p + ".bias");
        double[] runningMean = state.get(p + ".running_mean");
        double[] runningVar = state.get(p + ".running_var");
        if (mode == Mode.EVAL) {
            return Kernels.bnEvalForward(x, gamma, beta, runningMean, runningVar, eps);
        }
        Kernels.BnCache[] cache = new Kernels.BnCache[1];
        Activation y = Kernels.bnTrainForward(x, gamma, beta, eps, cache);
        pass.caches.put(p, cache[0]);
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

    private static Activation add(Activation a, Activation b) {
        double[] out = new double[a.v().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.v()[i] + b.v()[i];
        }
        return new Activation(out, a.n(), a.c(), a.h(), a.w());
    }

    /**
     * The window geometry of a conv or pool node. The correct reference uses the declared padding; the 'SAME' mutant
     * replaces symmetric padding by TensorFlow's split whenever that gives the same output size (the classic porting
     * bug of mapping {@code padding=k/2} to {@code 'SAME'}).
     */
    private Kernels.Window window(int kh, int kw, int sh, int sw, Padding declared, Activation x, Node node) {
        Padding p = declared;
        if (semantics.tfSamePadding() && declared.isSymmetric()) {
            Padding same = Padding.tfSame(x.h(), x.w(), kh, kw, sh, sw);
            if (outLen(x.h(), kh, sh, same.top(), same.bottom()) == node.outputShape().dim(1)
                    && outLen(x.w(), kw, sw, same.left(), same.right()) == node.outputShape().dim(2)) {
                p = same;
            }
        }
        Shape out = node.outputShape();
        return new Kernels.Window(kh, kw, sh, sw, p.top(), p.left(), out.dim(1), out.dim(2));
    }

    private static int outLen(int in, int k, int s, int before, int after) {
        return (in + before + after - k) / s + 1;
    }

    /**
     * Backpropagates {@code dOutput} (the gradient of the network's output) through a train- or eval-mode pass.
     * Returns the gradient of every trainable parameter by name, plus the input gradient under {@link Network#INPUT}.
     * Batch norm in eval mode is treated as the affine map it is.
     */
    Map<String, double[]> backward(Pass pass, Map<String, double[]> state, double[] dOutput) {
        Map<String, double[]> grads = new LinkedHashMap<>();
        network.trainableParameters().forEach(p -> grads.put(p.name(), new double[Math.toIntExact(p.shape().size())]));
        Map<String, double[]> dAct = new HashMap<>();
        dAct.put(network.output(), dOutput);
        List<Node> nodes = network.nodes();
        for (int k = nodes.size() - 1; k >= 0; k--) {
            Node node = nodes.get(k);
            double[] dy = dAct.remove(node.name());
            if (dy == null) {
                continue; // does not reach the output
            }
            Activation x = pass.output(node.input());
            String p = node.name();
            if (node.op() instanceof Conv2d c) {
                accumulate(dAct, node.input(), Kernels.convBackward(x, state.get(p + ".weight"), dy, c.outChannels(),
                        window(c.kernelH(), c.kernelW(), c.strideH(), c.strideW(), c.padding(), x, node),
                        grads.get(p + ".weight"), c.bias() ? grads.get(p + ".bias") : null));
            } else if (node.op() instanceof BatchNorm2d bn) {
                accumulate(dAct, node.input(), batchNormBackward(node, bn, x, pass, state, dy, grads));
            } else if (node.op() instanceof Relu) {
                accumulate(dAct, node.input(), Kernels.reluBackward(x, dy));
            } else if (node.op() instanceof Add) {
                accumulate(dAct, node.inputs().get(0), dy.clone());
                accumulate(dAct, node.inputs().get(1), dy.clone());
            } else if (node.op() instanceof MaxPool2d) {
                accumulate(dAct, node.input(), Kernels.maxPoolBackward(x.v().length, (int[]) pass.caches.get(p), dy));
            } else if (node.op() instanceof AvgPool2d a) {
                accumulate(dAct, node.input(), Kernels.avgPoolBackward(x,
                        window(a.kernelH(), a.kernelW(), a.strideH(), a.strideW(), a.padding(), x, node),
                        (double[]) pass.caches.get(p), dy));
            } else if (node.op() instanceof GlobalAvgPool) {
                accumulate(dAct, node.input(), Kernels.globalAvgPoolBackward(x, dy));
            } else if (node.op() instanceof Flatten) {
                accumulate(dAct, node.input(), dy.clone());
            } else if (node.op() instanceof Dense d) {
                accumulate(dAct, node.input(), Kernels.denseBackward(x, state.get(p + ".weight"), dy, d.units(),
                        grads.get(p + ".weight"), d.bias() ? grads.get(p + ".bias") : null));
            } else {
                throw new IllegalStateException("reference has no gradient for op " + node.op().kind());
            }
        }
        grads.values().forEach(semantics::round);
        double[] dInput = dAct.get(Network.INPUT);
        grads.put(Network.INPUT, dInput == null ? new double[pass.input.v().length] : dInput);
        return grads;
    }

    private double[] batchNormBackward(Node node, BatchNorm2d bn, Activation x, Pass pass, Map<String, double[]> state,
                                       double[] dy, Map<String, double[]> grads) {
        String p = node.name();
        double[] gamma = state.get(p + ".weight");
        double[] dGamma = grads.get(p + ".weight");
        double[] dBeta = grads.get(p + ".bias");
        if (pass.mode == Mode.TRAIN) {
            return Kernels.bnTrainBackward(x, gamma, (Kernels.BnCache) pass.caches.get(p), dy, dGamma, dBeta);
        }
        double eps = semantics.bnEpsilon(bn.epsilon());
        double[] rm = state.get(p + ".running_mean");
        double[] rv = state.get(p + ".running_var");
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

    private void accumulate(Map<String, double[]> dAct, String node, double[] d) {
        semantics.perturb(d);
        double[] have = dAct.get(node);
        if (have == null) {
            dAct.put(node, d);
        } else {
            for (int i = 0; i < d.length; i++) {
                have[i] += d[i];
            }
        }
    }
}
