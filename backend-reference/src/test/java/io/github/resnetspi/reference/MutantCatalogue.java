package io.github.resnetspi.reference;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.BatchNorm2d;
import io.github.resnetspi.api.graph.Conv2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.Padding;
import io.github.resnetspi.api.graph.ParameterKind;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.graph.Window;
import io.github.resnetspi.api.init.SplitMix64;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The mutant catalogue: for every semantic docs/semantics.md pins, at least one realistic mistake, each built as a
 * small subclass of the reference's {@link Kernels} or {@link ReferenceModel} (one overridden method) or as a wrapper
 * around the reference, never as a switch in the reference's main code. {@link MutantCatalogueTest} runs each against
 * the checks it names and writes the README's table.
 */
final class MutantCatalogue {
    private MutantCatalogue() {
    }

    static List<Mutant> all() {
        return List.of(
                // ---------------------------------------------------------------- padding
                kernels("tf-same-padding", "padding per side", "TensorFlow-'SAME' split (extra cell after) where the padding is symmetric",
                        () -> new Kernels() {
                            @Override
                            protected Window window(Node node) {
                                Window declared = super.window(node);
                                if (!declared.padding().isSymmetric()) {
                                    return declared;
                                }
                                Window same = declared.withPadding(Padding.tfSame(declared.inH(), declared.inW(),
                                        declared.kernelH(), declared.kernelW(), declared.strideH(), declared.strideW()));
                                return sameOutput(declared, same) ? same : declared;
                            }
                        }, "forwardOp[conv3x3-stride2-pad1-nobias-even]", "forwardOp[maxpool3x3-stride2-pad1-negative]", "forwardPreset[resnet-tiny@1x16x16]"),
                kernels("padding-before-after-swapped", "padding per side", "asymmetric padding applied after instead of before (and vice versa)",
                        () -> new Kernels() {
                            @Override
                            protected Window window(Node node) {
                                Window declared = super.window(node);
                                Padding p = declared.padding();
                                Window swapped = declared.withPadding(new Padding(p.bottom(), p.top(), p.right(), p.left()));
                                return sameOutput(declared, swapped) ? swapped : declared;
                            }
                        }, "forwardOp[conv-asymmetric-padding]", "forwardOp[avgpool3x2-stride2x1-asymmetric-exclude-pad]"),
                kernels("conv-padding-before-after-swapped", "padding per side",
                        "a convolution's asymmetric padding applied after instead of before (pooling right)",
                        () -> new Kernels() {
                            @Override
                            protected Window window(Node node) {
                                Window declared = super.window(node);
                                Padding p = declared.padding();
                                if (!(node.op() instanceof Conv2d)) {
                                    return declared;
                                }
                                Window swapped = declared.withPadding(new Padding(p.bottom(), p.top(), p.right(), p.left()));
                                return sameOutput(declared, swapped) ? swapped : declared;
                            }
                        }, "forwardOp[conv-asymmetric-padding]", "forwardCorner[conv-seed2]", "forwardCorner[conv-seed3]"),
                // ---------------------------------------------------------------- max pool
                kernels("maxpool-pads-with-zero", "max-pool padding", "padded cells take part as 0 (a zero pad wins over negative inputs)",
                        () -> new Kernels() {
                            @Override
                            protected Activation maxPoolForward(Activation x, Window g, int[] winners) {
                                Activation out = super.maxPoolForward(x, g, winners);
                                int plane = g.outH() * g.outW();
                                for (int o = 0; o < out.v().length; o++) {
                                    int y = (o % plane) / g.outW(), col = o % g.outW();
                                    boolean padded = g.realRows(y) < g.kernelH() || g.realCols(col) < g.kernelW();
                                    if (padded && out.v()[o] < 0) {
                                        out.v()[o] = 0;
                                        winners[o] = -1; // the pad cell won: no input receives the gradient
                                    }
                                }
                                return out;
                            }

                            @Override
                            protected double[] maxPoolBackward(int inputLength, int[] winners, double[] dOut) {
                                double[] dIn = new double[inputLength];
                                for (int o = 0; o < dOut.length; o++) {
                                    if (winners[o] >= 0) {
                                        dIn[winners[o]] += dOut[o];
                                    }
                                }
                                return dIn;
                            }
                        }, "forwardOp[maxpool3x3-stride2-pad1-negative]", "forwardOp[maxpool-asymmetric-padding-negative]"),
                kernels("pool-one-axis-padding-zero-filled", "max-pool padding",
                        "a pool padded on one axis only is zero-padded first and pooled unpadded: a zero pad cell wins a max, an "
                                + "exclude-pad average counts it",
                        () -> new Kernels() {
                            @Override
                            protected Activation maxPoolForward(Activation x, Window g, int[] winners) {
                                Activation out = super.maxPoolForward(x, g, winners);
                                if (!paddedOnOneAxis(g)) {
                                    return out;
                                }
                                int plane = g.outH() * g.outW();
                                for (int o = 0; o < out.v().length; o++) {
                                    int y = (o % plane) / g.outW(), col = o % g.outW();
                                    boolean padded = g.realRows(y) < g.kernelH() || g.realCols(col) < g.kernelW();
                                    if (padded && out.v()[o] < 0) {
                                        out.v()[o] = 0;
                                        winners[o] = -1; // a pad cell won: no input receives the gradient
                                    }
                                }
                                return out;
                            }

                            @Override
                            protected double[] maxPoolBackward(int inputLength, int[] winners, double[] dOut) {
                                double[] dIn = new double[inputLength];
                                for (int o = 0; o < dOut.length; o++) {
                                    if (winners[o] >= 0) {
                                        dIn[winners[o]] += dOut[o];
                                    }
                                }
                                return dIn;
                            }

                            @Override
                            protected double[] avgPoolDivisors(Window g, boolean countIncludePad) {
                                return super.avgPoolDivisors(g, countIncludePad || paddedOnOneAxis(g));
                            }
                        }, "forwardCorner[maxpool-seed4]", "forwardCorner[maxpool-seed5]", "forwardCorner[avgpool-exclude-pad-seed10]",
                        "forwardCorner[avgpool-exclude-pad-seed11]"),
                // ---------------------------------------------------------------- average pool
                kernels("avgpool-exclude-pad-counts-padding", "avg-pool divisor", "exclude-pad pooling divides by the kernel area",
                        () -> new Kernels() {
                            @Override
                            protected double[] avgPoolDivisors(Window g, boolean countIncludePad) {
                                return super.avgPoolDivisors(g, true);
                            }
                        }, "forwardOp[avgpool3x3-stride2-pad1-exclude-pad]", "forwardOp[avgpool3x2-stride2x1-asymmetric-exclude-pad]", "trainingTwoSteps[op:avgpool3x2-stride2x1-asymmetric-exclude-pad]"),
                kernels("avgpool-include-pad-excludes-padding", "avg-pool divisor", "include-pad pooling divides by the real cells only",
                        () -> new Kernels() {
                            @Override
                            protected double[] avgPoolDivisors(Window g, boolean countIncludePad) {
                                return super.avgPoolDivisors(g, false);
                            }
                        }, "forwardOp[avgpool3x3-stride2-pad1-include-pad]", "forwardOp[avgpool3x2-stride2x1-asymmetric-include-pad]"),
                kernels("avgpool-exclude-pad-divisor-hw-mixed", "avg-pool divisor",
                        "exclude-pad count takes the kernel width for rows and the height for columns",
                        () -> new Kernels() {
                            @Override
                            protected double[] avgPoolDivisors(Window g, boolean countIncludePad) {
                                if (countIncludePad) {
                                    return super.avgPoolDivisors(g, true);
                                }
                                double[] d = new double[g.outH() * g.outW()];
                                for (int i = 0; i < g.outH(); i++) {
                                    for (int j = 0; j < g.outW(); j++) {
                                        int rows = Math.min(g.firstRow(i) + g.kernelW(), g.inH()) - Math.max(g.firstRow(i), 0);
                                        int cols = Math.min(g.firstCol(j) + g.kernelH(), g.inW()) - Math.max(g.firstCol(j), 0);
                                        d[i * g.outW() + j] = Math.max(1, rows * cols);
                                    }
                                }
                                return d;
                            }
                        }, "forwardOp[avgpool3x2-stride2x1-asymmetric-exclude-pad]", "trainingTwoSteps[op:avgpool3x2-stride2x1-asymmetric-exclude-pad]"),
                kernels("avgpool-include-pad-square-kernel-area", "avg-pool divisor", "include-pad pooling divides by kH² (a square kernel assumed)",
                        () -> new Kernels() {
                            @Override
                            protected double[] avgPoolDivisors(Window g, boolean countIncludePad) {
                                double[] d = super.avgPoolDivisors(g, countIncludePad);
                                if (countIncludePad) {
                                    java.util.Arrays.fill(d, g.kernelH() * g.kernelH());
                                }
                                return d;
                            }
                        }, "forwardOp[avgpool3x2-stride2x1-asymmetric-include-pad]", "trainingTwoSteps[op:avgpool3x2-stride2x1-asymmetric-include-pad]"),
                // ---------------------------------------------------------------- batch norm
                kernels("bn-epsilon-1e-3", "BN ε", "ε = 1e-3 (Keras' default) in every batch norm",
                        () -> new Kernels() {
                            @Override
                            protected double epsilon(BatchNorm2d op, Mode mode) {
                                return 1e-3;
                            }
                        }, "forwardOp[batchnorm]", "forwardOp[batchnorm-eval-data-scale]", "trainingTwoSteps[op:batchnorm]"),
                kernels("bn-eval-epsilon-1e-3", "BN ε", "ε = 1e-3 in eval mode only (train mode right)",
                        () -> new Kernels() {
                            @Override
                            protected double epsilon(BatchNorm2d op, Mode mode) {
                                return mode == Mode.EVAL ? 1e-3 : op.epsilon();
                            }
                        }, "forwardOp[batchnorm-eval-data-scale]", "forwardOp[batchnorm]"),
                kernels("bn-declared-epsilon-ignored", "BN ε", "the default ε = 1e-5 whatever the network declares",
                        () -> new Kernels() {
                            @Override
                            protected double epsilon(BatchNorm2d op, Mode mode) {
                                return BatchNorm2d.DEFAULT_EPSILON;
                            }
                        }, "forwardOp[batchnorm-eval-data-scale]", "forwardPreset[keras-resnet@1x20x20]"),
                kernels("bn-momentum-convention-flipped", "BN momentum", "running = momentum·running + (1 − momentum)·batch (MXNet's and Keras' convention)",
                        () -> new Kernels() {
                            @Override
                            protected void updateRunningStatistics(double[] rm, double[] rv, BatchStatistics batch, double momentum) {
                                super.updateRunningStatistics(rm, rv, batch, 1 - momentum);
                            }
                        }, "forwardOp[batchnorm]", "trainingTwoSteps[op:batchnorm]"),
                kernels("bn-declared-momentum-ignored", "BN momentum", "the default momentum 0.1 whatever the network declares",
                        () -> new Kernels() {
                            @Override
                            protected void updateRunningStatistics(double[] rm, double[] rv, BatchStatistics batch, double momentum) {
                                super.updateRunningStatistics(rm, rv, batch, BatchNorm2d.DEFAULT_MOMENTUM);
                            }
                        }, "forwardOp[batchnorm-eval-data-scale]", "forwardPreset[keras-resnet@1x20x20]"),
                kernels("bn-running-var-biased", "BN biased-vs-unbiased variance", "the running variance takes the biased batch variance",
                        () -> new Kernels() {
                            @Override
                            protected BatchStatistics batchStatistics(Activation x) {
                                BatchStatistics s = super.batchStatistics(x);
                                return new BatchStatistics(s.mean(), s.normalisingVar(), s.normalisingVar());
                            }
                        }, "forwardOp[batchnorm]", "trainingTwoSteps[op:batchnorm]", "trainingTwoSteps[resnet-tiny@1x12x12]"),
                kernels("bn-normalises-with-unbiased-var", "BN biased-vs-unbiased variance", "train mode normalises with the unbiased variance",
                        () -> new Kernels() {
                            @Override
                            protected BatchStatistics batchStatistics(Activation x) {
                                BatchStatistics s = super.batchStatistics(x);
                                return new BatchStatistics(s.mean(), s.runningVar(), s.runningVar());
                            }
                        }, "forwardOp[batchnorm]", "trainingTwoSteps[op:batchnorm]"),
                kernels("bn-eval-uses-batch-statistics", "BN train-vs-eval statistics", "eval mode normalises with the batch's statistics",
                        () -> new Kernels() {
                            @Override
                            protected boolean normalisesWithBatchStatistics(Mode mode) {
                                return true;
                            }
                        }, "forwardOp[batchnorm-eval-data-scale]", "forwardOp[batchnorm]"),
                kernels("bn-train-keeps-running-statistics", "BN train-vs-eval statistics", "a train-mode pass leaves the running statistics unchanged",
                        () -> new Kernels() {
                            @Override
                            protected void updateRunningStatistics(double[] rm, double[] rv, BatchStatistics batch, double momentum) {
                                // forgotten
                            }
                        }, "forwardOp[batchnorm]", "trainingTwoSteps[op:batchnorm]"),
                kernels("bn-batch1-train-uses-running-statistics", "BN train-vs-eval statistics",
                        "with a batch of one, train mode normalises with the running statistics and leaves them unchanged",
                        () -> new Kernels() {
                            private boolean single;

                            @Override
                            protected BatchStatistics batchStatistics(Activation x) {
                                single = x.n() == 1;
                                return super.batchStatistics(x);
                            }

                            @Override
                            protected void updateRunningStatistics(double[] rm, double[] rv, BatchStatistics batch, double momentum) {
                                if (!single) {
                                    super.updateRunningStatistics(rm, rv, batch, momentum);
                                    return;
                                }
                                // the arrays this pass normalises with
                                System.arraycopy(rm, 0, batch.mean(), 0, rm.length);
                                System.arraycopy(rv, 0, batch.normalisingVar(), 0, rv.length);
                            }
                        }, "forwardCorner[batchnorm-seed15]", "forwardRunningStatistics", "trainingCorner[batchnorm-seed15]"),
                kernels("bn-running-var-drifts-by-epsilon", "BN momentum",
                        "every update adds ε to the running variance (the ε-added variance written back)",
                        () -> new Kernels() {
                            private double epsilon;

                            @Override
                            protected double epsilon(BatchNorm2d op, Mode mode) {
                                epsilon = super.epsilon(op, mode);
                                return epsilon;
                            }

                            @Override
                            protected void updateRunningStatistics(double[] rm, double[] rv, BatchStatistics batch, double momentum) {
                                super.updateRunningStatistics(rm, rv, batch, momentum);
                                for (int c = 0; c < rv.length; c++) {
                                    rv[c] += epsilon;
                                }
                            }
                        }, "forwardRunningStatistics"),
                // ---------------------------------------------------------------- dense, conv, flatten
                kernels("dense-square-transposed", "dense layout", "y = x·W instead of x·Wᵀ (only a square layer computes at all)",
                        () -> new Kernels() {
                            @Override
                            protected Activation denseForward(Activation x, double[] weight, double[] bias, int units) {
                                return x.features() == units ? super.denseForward(x, transpose(weight, units), bias, units)
                                        : super.denseForward(x, weight, bias, units);
                            }

                            @Override
                            protected double[] denseBackward(Activation x, double[] weight, double[] dOut, int units, double[] dWeight,
                                                             double[] dBias) {
                                if (x.features() != units) {
                                    return super.denseBackward(x, weight, dOut, units, dWeight, dBias);
                                }
                                double[] dTransposed = new double[dWeight.length];
                                double[] dIn = super.denseBackward(x, transpose(weight, units), dOut, units, dTransposed, dBias);
                                double[] back = transpose(dTransposed, units);
                                for (int i = 0; i < back.length; i++) {
                                    dWeight[i] += back[i];
                                }
                                return dIn;
                            }
                        }, "forwardOp[flatten-dense-square]", "trainingTwoSteps[op:flatten-dense-square]"),
                kernels("dense-bias-ignored", "dense bias", "the dense bias is neither added nor trained",
                        () -> new Kernels() {
                            @Override
                            protected Activation denseForward(Activation x, double[] weight, double[] bias, int units) {
                                return super.denseForward(x, weight, null, units);
                            }

                            @Override
                            protected double[] denseBackward(Activation x, double[] weight, double[] dOut, int units, double[] dWeight,
                                                             double[] dBias) {
                                return super.denseBackward(x, weight, dOut, units, dWeight, null);
                            }
                        }, "forwardOp[flatten-dense-bias]", "trainingTwoSteps[op:flatten-dense-bias]"),
                kernels("conv-bias-ignored", "conv bias", "the convolution bias is neither added nor trained",
                        () -> new Kernels() {
                            @Override
                            protected Activation convForward(Activation x, double[] weight, double[] bias, int outC, Window g) {
                                return super.convForward(x, weight, null, outC, g);
                            }

                            @Override
                            protected double[] convBackward(Activation x, double[] weight, double[] dOut, int outC, Window g,
                                                            double[] dWeight, double[] dBias) {
                                return super.convBackward(x, weight, dOut, outC, g, dWeight, null);
                            }
                        }, "forwardOp[conv3x3-stride1-pad1-bias]", "trainingTwoSteps[op:conv1x1-stride2-odd]"),
                kernels("flatten-nhwc", "flatten order", "flatten in (H, W, C) order, as an NHWC engine does without transposing",
                        () -> new Kernels() {
                            @Override
                            protected Activation flattenForward(Activation x) {
                                return new Activation(nhwc(x, x.v(), true), x.n(), x.features(), 1, 1);
                            }

                            @Override
                            protected double[] flattenBackward(Activation x, double[] dOut) {
                                return nhwc(x, dOut, false);
                            }
                        }, "forwardOp[flatten-dense-bias]", "forwardOp[flatten-dense-square]"),
                kernels("flatten-unit-dim-nhwc", "flatten order",
                        "an NHWC engine skips the transpose before flatten when H or W is 1 (right only when both are)",
                        () -> new Kernels() {
                            @Override
                            protected Activation flattenForward(Activation x) {
                                return oneUnitDim(x) ? new Activation(nhwc(x, x.v(), true), x.n(), x.features(), 1, 1)
                                        : super.flattenForward(x);
                            }

                            @Override
                            protected double[] flattenBackward(Activation x, double[] dOut) {
                                return oneUnitDim(x) ? nhwc(x, dOut, false) : super.flattenBackward(x, dOut);
                            }
                        }, "forwardCorner[flatten-seed13]", "forwardCorner[flatten-seed14]", "trainingCorner[conv-seed2]"),
                // ---------------------------------------------------------------- relu, add, gap
                kernels("relu-leaky", "ReLU", "leaky ReLU with slope 0.01 below 0",
                        () -> new Kernels() {
                            @Override
                            protected Activation reluForward(Activation x) {
                                double[] out = x.v().clone();
                                for (int i = 0; i < out.length; i++) {
                                    out[i] = out[i] > 0 ? out[i] : 0.01 * out[i];
                                }
                                return new Activation(out, x.n(), x.c(), x.h(), x.w());
                            }

                            @Override
                            protected double[] reluBackward(boolean[] passes, double[] dOut) {
                                double[] dIn = new double[dOut.length];
                                for (int i = 0; i < dIn.length; i++) {
                                    dIn[i] = passes[i] ? dOut[i] : 0.01 * dOut[i];
                                }
                                return dIn;
                            }
                        }, "forwardOp[relu]", "trainingTwoSteps[op:relu]"),
                kernels("relu-gradient-1-at-0", "ReLU", "the gradient at exactly 0 is 1 (x ≥ 0 passes)",
                        () -> new Kernels() {
                            @Override
                            protected boolean[] reluPasses(Activation x) {
                                boolean[] passes = new boolean[x.v().length];
                                for (int i = 0; i < passes.length; i++) {
                                    passes[i] = x.v()[i] >= 0;
                                }
                                return passes;
                            }
                        }, "trainingTwoSteps[op:conv1x1-zero-bias-relu]"),
                kernels("add-drops-skip", "add", "the residual add returns its second input only",
                        () -> new Kernels() {
                            @Override
                            protected Activation add(Activation a, Activation b) {
                                return new Activation(b.v().clone(), b.n(), b.c(), b.h(), b.w());
                            }
                        }, "forwardOp[add]", "forwardPreset[resnet-tiny@1x16x16]"),
                kernels("gap-divides-by-h-squared", "GAP", "global average pool divides by H·H (a square map assumed)",
                        () -> new Kernels() {
                            @Override
                            protected Activation globalAvgPoolForward(Activation x) {
                                Activation mean = super.globalAvgPoolForward(x);
                                double f = (double) x.plane() / (x.h() * x.h());
                                return scaled(mean, f);
                            }

                            @Override
                            protected double[] globalAvgPoolBackward(Activation x, double[] dOut) {
                                double[] d = super.globalAvgPoolBackward(x, dOut);
                                double f = (double) x.plane() / (x.h() * x.h());
                                for (int i = 0; i < d.length; i++) {
                                    d[i] *= f;
                                }
                                return d;
                            }
                        }, "forwardOp[global-avgpool]", "trainingTwoSteps[op:global-avgpool]"),
                // ---------------------------------------------------------------- loss
                kernels("loss-summed-over-batch", "loss reduction", "softmax cross-entropy summed over the batch instead of averaged",
                        () -> new Kernels() {
                            @Override
                            protected double softmaxCrossEntropy(double[] logits, int n, int k, int[] labels, double[] dLogits) {
                                double mean = super.softmaxCrossEntropy(logits, n, k, labels, dLogits);
                                if (dLogits != null) {
                                    for (int i = 0; i < dLogits.length; i++) {
                                        dLogits[i] *= n;
                                    }
                                }
                                return mean * n;
                            }
                        }, "trainingTwoSteps[op:flatten-dense-bias]", "trainingTwoSteps[resnet-tiny@1x12x12]"),
                // ---------------------------------------------------------------- SGD
                sgd("sgd-dampened-momentum", "SGD momentum form", "v = μ·v + (1 − μ)·g'",
                        () -> (p, w, g, v, lr, mu, wd) -> {
                            for (int i = 0; i < w.length; i++) {
                                v[i] = mu * v[i] + (1 - mu) * (g[i] + wd * w[i]);
                                w[i] -= lr * v[i];
                            }
                        }, "trainingTwoSteps[op:conv3x3-stride1-pad1-bias]", "trainingTwoSteps[resnet-tiny@1x12x12]"),
                sgd("sgd-mxnet-momentum-form", "SGD momentum form", "v = μ·v − lr·g'; w += v (MXNet's and Keras' form)",
                        () -> (p, w, g, v, lr, mu, wd) -> {
                            for (int i = 0; i < w.length; i++) {
                                v[i] = mu * v[i] - lr * (g[i] + wd * w[i]);
                                w[i] += v[i];
                            }
                        }, "trainingTwoSteps[op:conv3x3-stride1-pad1-bias]", "trainingTwoSteps[resnet-tiny@1x12x12]"),
                sgd("weight-decay-not-on-batchnorm", "weight decay target", "no weight decay on BN γ and β",
                        () -> (p, w, g, v, lr, mu, wd) -> ReferenceModel.sgdStep(w, g, v, lr, mu,
                                p.kind() == ParameterKind.BN_GAMMA || p.kind() == ParameterKind.BN_BETA ? 0 : wd),
                        "trainingTwoSteps[op:batchnorm]", "trainingTwoSteps[op:batchnorm-eval-data-scale]"),
                sgd("weight-decay-not-on-biases", "weight decay target", "no weight decay on biases",
                        () -> (p, w, g, v, lr, mu, wd) -> ReferenceModel.sgdStep(w, g, v, lr, mu, p.kind() == ParameterKind.BIAS ? 0 : wd),
                        "trainingTwoSteps[op:conv3x3-stride1-pad1-bias]", "trainingTwoSteps[op:flatten-dense-bias]"),
                sgd("weight-decay-after-momentum", "weight decay order", "v = μ·v + g; w −= lr·(v + wd·w)",
                        () -> (p, w, g, v, lr, mu, wd) -> {
                            for (int i = 0; i < w.length; i++) {
                                v[i] = mu * v[i] + g[i];
                                w[i] -= lr * (v[i] + wd * w[i]);
                            }
                        }, "trainingTwoSteps[op:batchnorm]", "trainingTwoSteps[op:global-avgpool]"),
                sgd("plain-sgd-decay-after-step", "weight decay order", "without momentum: w −= lr·g, then w −= lr·wd·w on the new w",
                        () -> (p, w, g, v, lr, mu, wd) -> {
                            if (v != null) {
                                ReferenceModel.sgdStep(w, g, v, lr, mu, wd);
                                return;
                            }
                            for (int i = 0; i < w.length; i++) {
                                w[i] -= lr * g[i];
                                w[i] -= lr * wd * w[i];
                            }
                        }, "trainingPlainSgd[op:conv3x3-stride1-pad1-bias]", "trainingCorner[conv-seed1]", "trainingCorner[flatten-seed13]"),
                sgd("learning-rate-off-0.3pct", "learning-rate schedule", "every step's rate 0.3 % too large",
                        () -> (p, w, g, v, lr, mu, wd) -> ReferenceModel.sgdStep(w, g, v, lr * 1.003, mu, wd),
                        "trainingTwoSteps[op:conv3x3-stride1-pad1-bias]", "trainingTwoSteps[op:flatten-dense-bias]"),
                sgd("learning-rate-of-first-step-kept", "learning-rate schedule", "the rate of the first step is used for every step",
                        () -> new StepRule() {
                            private double first = Double.NaN;

                            @Override
                            public void update(ParameterSpec p, double[] w, double[] g, double[] v, double lr, double mu, double wd) {
                                if (Double.isNaN(first)) {
                                    first = lr;
                                }
                                ReferenceModel.sgdStep(w, g, v, first, mu, wd);
                            }
                        }, "trainingTwoSteps[op:conv3x3-stride1-pad1-bias]", "trainingCorner[conv-seed1]"),
                sgd("gradients-reported-after-weight-decay", "gradient reporting", "gradients() returns g + wd·w (decay added in place)",
                        () -> (p, w, g, v, lr, mu, wd) -> {
                            for (int i = 0; i < w.length; i++) {
                                g[i] += wd * w[i];
                            }
                            ReferenceModel.sgdStep(w, g, v, lr, mu, 0);
                        }, "trainingTwoSteps[op:batchnorm]", "trainingTwoSteps[op:global-avgpool]"),
                sgd("gradients-of-first-step-kept", "gradient reporting", "gradients() keeps returning the first step's gradients",
                        () -> new StepRule() {
                            private final Map<String, double[]> first = new LinkedHashMap<>();

                            @Override
                            public void update(ParameterSpec p, double[] w, double[] g, double[] v, double lr, double mu, double wd) {
                                ReferenceModel.sgdStep(w, g, v, lr, mu, wd);
                                double[] kept = first.computeIfAbsent(p.name(), k -> g.clone());
                                System.arraycopy(kept, 0, g, 0, g.length);
                            }
                        }, "trainingTwoSteps[op:conv3x3-stride1-pad1-bias]"),
                // ---------------------------------------------------------------- state names, initialisation
                renamed("state-bn-weight-bias-swapped", "state export names", "BN γ exported and imported as '.bias', β as '.weight'",
                        ParameterKind.BN_GAMMA, ParameterKind.BN_BETA, "stateInitial", "forwardOp[batchnorm]"),
                renamed("state-running-mean-var-swapped", "state export names", "running mean and variance exchanged in export and import",
                        ParameterKind.RUNNING_MEAN, ParameterKind.RUNNING_VAR, "stateInitial", "trainingTwoSteps[op:batchnorm]",
                        "stateRunningStatistics[signed-means]"),
                new Mutant("state-running-mean-var-swapped-on-import", "state export names",
                        "a restore takes the running mean for the variance and vice versa (export right)",
                        () -> wrapped("state-running-mean-var-swapped-on-import", (m, net, o) -> {
                            UnaryOperator<String> rename = swapping(net, ParameterKind.RUNNING_MEAN, ParameterKind.RUNNING_VAR);
                            return new ForwardingModel(m) {
                                @Override
                                public void importState(NamedTensors state) {
                                    super.importState(renamedTensors(state, rename));
                                }
                            };
                        }), List.of("stateRunningStatistics[positive-means]", "stateRunningStatistics[signed-means]", "stateRoundTrip"),
                        Mutant.WIDE),
                new Mutant("state-exported-in-name-order", "state export names", "exportState() in alphabetical instead of layout order",
                        () -> wrapped("state-exported-in-name-order", (m, net, o) -> new ForwardingModel(m) {
                            @Override
                            public NamedTensors exportState() {
                                return NamedTensors.of(new TreeMap<>(super.exportState().asMap()));
                            }
                        }), List.of("stateInitial"), 0),
                new Mutant("init-kaiming-uniform", "initialisation", "PyTorch's default init (Kaiming uniform, a = √5) instead of Xavier uniform",
                        () -> initialised("init-kaiming-uniform", MutantCatalogue::kaimingUniform), List.of("stateInitial"), 0),
                new Mutant("init-seed-ignored", "initialisation", "the compile seed is ignored (always seed 0)",
                        () -> initialised("init-seed-ignored", (net, seed) -> io.github.resnetspi.api.init.Initializer.initialize(net, 0)),
                        List.of("stateInitial"), 0));
    }

    // ---------------------------------------------------------------- builders

    private static Mutant kernels(String id, String semantic, String mistake, Supplier<Kernels> kernels, String... checks) {
        return new Mutant(id, semantic, mistake, () -> new ReferenceProvider("mutant-" + id, ReferenceProvider.CPU_ONLY,
                (p, n, o, d) -> new ReferenceModel(p, n, o, d, kernels.get())), List.of(checks), Mutant.WIDE);
    }

    /**
     * A replacement for {@link ReferenceModel#update}: one SGD step on one tensor, in place, with the model's momentum
     * {@code mu} and weight decay {@code wd}. Created per model, so it may keep state across steps.
     */
    @FunctionalInterface
    interface StepRule {
        void update(ParameterSpec p, double[] w, double[] g, double[] v, double lr, double mu, double wd);
    }

    private static Mutant sgd(String id, String semantic, String mistake, Supplier<StepRule> rule, String... checks) {
        return new Mutant(id, semantic, mistake, () -> new ReferenceProvider("mutant-" + id, ReferenceProvider.CPU_ONLY,
                (p, n, o, d) -> new ReferenceModel(p, n, o, d, new Kernels()) {
                    private final StepRule step = rule.get();

                    @Override
                    protected void update(ParameterSpec spec, double[] w, double[] g, double[] v, double lr) {
                        step.update(spec, w, g, v, lr, options.momentum(), options.weightDecay());
                    }
                }), List.of(checks), Mutant.WIDE);
    }

    /** A mutant that exchanges the names of two tensor kinds of every node, both ways (an engine's wrong name mapping). */
    private static Mutant renamed(String id, String semantic, String mistake, ParameterKind a, ParameterKind b, String... checks) {
        return new Mutant(id, semantic, mistake, () -> wrapped(id, (m, net, o) -> {
            UnaryOperator<String> rename = swapping(net, a, b);
            return new ForwardingModel(m) {
                @Override
                public NamedTensors exportState() {
                    return renamedTensors(super.exportState(), rename);
                }

                @Override
                public void importState(NamedTensors state) {
                    super.importState(renamedTensors(state, rename));
                }

                @Override
                public NamedTensors gradients() {
                    return renamedTensors(super.gradients(), rename);
                }
            };
        }), List.of(checks), 0);
    }

    /** @return the renaming that exchanges the names of tensor kinds {@code a} and {@code b} of every node that has both */
    private static UnaryOperator<String> swapping(Network net, ParameterKind a, ParameterKind b) {
        Map<String, String> swap = new LinkedHashMap<>();
        for (Node node : net.nodes()) {
            if (node.hasParameter(a) && node.hasParameter(b)) {
                swap.put(node.parameterName(a), node.parameterName(b));
                swap.put(node.parameterName(b), node.parameterName(a));
            }
        }
        return n -> swap.getOrDefault(n, n);
    }

    /** How a wrapper mutant turns the reference's freshly compiled model into its own. */
    @FunctionalInterface
    interface Wrap {
        Model apply(Model model, Network network, CompileOptions options);
    }

    private static Backend wrapped(String id, Wrap wrap) {
        ReferenceProvider inner = new ReferenceProvider("mutant-" + id, ReferenceProvider.CPU_ONLY,
                (p, n, o, d) -> new ReferenceModel(p, n, o, d, new Kernels()));
        return new ForwardingProvider(inner) {
            @Override
            public Model compile(Network network, CompileOptions options) {
                return wrap.apply(super.compile(network, options), network, options);
            }
        };
    }

    /** A mutant whose fresh models hold another initial state. */
    private static Backend initialised(String id, BiFunction<Network, Long, NamedTensors> init) {
        return wrapped(id, (m, net, o) -> {
            m.importState(init.apply(net, o.seed()));
            return m;
        });
    }

    // ---------------------------------------------------------------- helpers

    /** @return whether a window is padded on exactly one of its two axes */
    private static boolean paddedOnOneAxis(Window g) {
        Padding p = g.padding();
        return (p.top() + p.bottom() > 0) != (p.left() + p.right() > 0);
    }

    /** @return whether exactly one of the activation's spatial dimensions is 1 */
    private static boolean oneUnitDim(Activation x) {
        return (x.h() == 1) != (x.w() == 1);
    }

    private static boolean sameOutput(Window a, Window b) {
        return a.outH() == b.outH() && a.outW() == b.outW();
    }

    private static double[] transpose(double[] square, int n) {
        double[] t = new double[square.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t[j * n + i] = square[i * n + j];
            }
        }
        return t;
    }

    /** NCHW values of {@code x}'s shape reordered to NHWC ({@code toNhwc}) or back. */
    private static double[] nhwc(Activation x, double[] v, boolean toNhwc) {
        int c = x.c(), plane = x.plane();
        double[] out = new double[v.length];
        for (int b = 0; b < x.n(); b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int k = 0; k < plane; k++) {
                    int nchw = (b * c + ch) * plane + k;
                    int nhwc = (b * plane + k) * c + ch;
                    if (toNhwc) {
                        out[nhwc] = v[nchw];
                    } else {
                        out[nchw] = v[nhwc];
                    }
                }
            }
        }
        return out;
    }

    private static Activation scaled(Activation a, double f) {
        for (int i = 0; i < a.v().length; i++) {
            a.v()[i] *= f;
        }
        return a;
    }

    private static NamedTensors renamedTensors(NamedTensors t, UnaryOperator<String> rename) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        t.asMap().forEach((k, v) -> out.put(rename.apply(k), v));
        return NamedTensors.of(out);
    }

    /** PyTorch's default initialisation of conv and dense layers: weights and biases U(−1/√fanIn, 1/√fanIn). */
    private static NamedTensors kaimingUniform(Network net, long seed) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (ParameterSpec p : net.parameters()) {
            if (p.kind() == ParameterKind.CONV_WEIGHT || p.kind() == ParameterKind.DENSE_WEIGHT) {
                double bound = 1 / Math.sqrt(p.fanIn());
                SplitMix64 rng = new SplitMix64(seed ^ p.name().hashCode());
                float[] v = new float[Math.toIntExact(p.shape().size())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
                }
                out.put(p.name(), FloatTensor.wrap(p.shape(), v));
            }
        }
        return NamedTensors.of(out);
    }
}
