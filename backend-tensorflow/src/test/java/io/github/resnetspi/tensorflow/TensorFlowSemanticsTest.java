package io.github.resnetspi.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.AvgPool2d;
import io.github.resnetspi.api.graph.Conv2d;
import io.github.resnetspi.api.graph.MaxPool2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.NetworkBuilder;
import io.github.resnetspi.api.graph.Padding;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.LrSchedule;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.Sgd;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The TensorFlow-specific translations checked against values computed here by hand: layout conversions at the
 * boundary, padding done with tf.pad, the BN running-statistics convention and the SGD form.
 */
class TensorFlowSemanticsTest {
    private static final TensorFlowProvider TF = new TensorFlowProvider();

    private static FloatTensor random(Shape s, long seed) {
        Random r = new Random(seed);
        float[] v = new float[Math.toIntExact(s.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return FloatTensor.wrap(s, v);
    }

    private static NamedTensors forward(Network net, FloatTensor x, Mode mode) {
        try (Model m = TF.compile(net, CompileOptions.defaults())) {
            return m.forwardAll(x, mode);
        }
    }

    @Test
    @DisplayName("conv with asymmetric padding and stride equals a direct NCHW/OIHW cross-correlation")
    void convAsymmetricPadding() {
        Padding pad = new Padding(0, 2, 1, 0);
        NetworkBuilder b = Network.builder("conv", 2, 7, 6);
        String c = b.conv("c", Network.INPUT, new Conv2d(3, 3, 2, 2, 1, pad, true));
        Network net = b.build(c);
        FloatTensor x = random(Shape.of(2, 2, 7, 6), 1);
        try (Model m = TF.compile(net, CompileOptions.defaults().withSeed(5))) {
            FloatTensor w = random(Shape.of(3, 2, 3, 2), 2);
            FloatTensor bias = random(Shape.of(3), 3);
            m.importState(NamedTensors.of(Map.of("c.weight", w, "c.bias", bias)));
            FloatTensor y = m.forward(x, Mode.EVAL);
            Shape out = net.node("c").outputShape();
            assertThat(y.shape()).isEqualTo(out.withBatch(2));
            int i = 0;
            for (int n = 0; n < 2; n++) {
                for (int o = 0; o < 3; o++) {
                    for (int oh = 0; oh < out.dim(1); oh++) {
                        for (int ow = 0; ow < out.dim(2); ow++) {
                            double s = bias.get(o);
                            for (int ci = 0; ci < 2; ci++) {
                                for (int kh = 0; kh < 3; kh++) {
                                    for (int kw = 0; kw < 2; kw++) {
                                        int h = oh * 2 + kh - pad.top();
                                        int ww = ow + kw - pad.left();
                                        if (h >= 0 && h < 7 && ww >= 0 && ww < 6) {
                                            s += x.get(((n * 2 + ci) * 7 + h) * 6 + ww) * w.get(((o * 2 + ci) * 3 + kh) * 2 + kw);
                                        }
                                    }
                                }
                            }
                            assertThat((double) y.get(i++)).as("output %d", i).isCloseTo(s, within(1e-4));
                        }
                    }
                }
            }
            // weights come back in the neutral OIHW layout, bit for bit
            assertThat(m.exportState().get("c.weight")).isEqualTo(w);
        }
    }

    @Test
    @DisplayName("max-pool padding never wins, even when every input is negative")
    void maxPoolPaddingNeverWins() {
        NetworkBuilder b = Network.builder("mp", 1, 3, 3);
        String p = b.node("p", MaxPool2d.square(2, 2, new Padding(1, 0, 1, 0)), Network.INPUT);
        Network net = b.build(p);
        float[] v = {-9, -8, -7, -6, -5, -4, -3, -2, -1};
        NamedTensors out = forward(net, FloatTensor.of(Shape.of(1, 1, 3, 3), v), Mode.EVAL);
        // windows (rows/cols with pad 1 before): {-9}, {-8,-7}, {-6,-3}, {-5,-4,-2,-1}
        assertThat(out.get("p").data()).containsExactly(-9f, -7f, -3f, -1f);
    }

    @Test
    @DisplayName("padded avg-pool divides by the kernel area with countIncludePad and by the in-input count without")
    void avgPoolIncludeAndExcludePad() {
        NetworkBuilder b = Network.builder("ap", 1, 2, 2);
        String inc = b.node("inc", AvgPool2d.square(2, 1, Padding.symmetric(1), true), Network.INPUT);
        b.node("exc", AvgPool2d.square(2, 1, Padding.symmetric(1), false), Network.INPUT);
        Network net = b.build(inc);
        NamedTensors out = forward(net, FloatTensor.of(Shape.of(1, 1, 2, 2), new float[] {1, 2, 3, 4}), Mode.EVAL);
        assertThat(out.get("inc").data()).usingComparatorWithPrecision(1e-6f)
                .containsExactly(0.25f, 0.75f, 0.5f, 1f, 2.5f, 1.5f, 0.75f, 1.75f, 1f);
        assertThat(out.get("exc").data()).usingComparatorWithPrecision(1e-6f)
                .containsExactly(1f, 1.5f, 2f, 2f, 2.5f, 3f, 3f, 3.5f, 4f);
    }

    @Test
    @DisplayName("flatten orders features C, H, W although activations are NHWC inside the graph")
    void flattenIsChannelMajor() {
        NetworkBuilder b = Network.builder("fl", 3, 2, 2);
        String f = b.flatten("f", Network.INPUT);
        FloatTensor x = random(Shape.of(2, 3, 2, 2), 4);
        FloatTensor y = forward(b.build(f), x, Mode.EVAL).get("f");
        assertThat(y.shape()).isEqualTo(Shape.of(2, 12));
        assertThat(y.data()).containsExactly(x.data());
    }

    @Test
    @DisplayName("train-mode BN updates running stats PyTorch-style with the unbiased batch variance; eval uses them")
    void batchNormRunningStatistics() {
        NetworkBuilder b = Network.builder("bn", 2, 3, 1);
        String bn = b.batchNorm("bn", Network.INPUT, 1e-5, 0.25);
        Network net = b.build(bn);
        FloatTensor x = random(Shape.of(2, 2, 3, 1), 6);
        try (Model m = TF.compile(net, CompileOptions.defaults())) {
            FloatTensor y = m.forward(x, Mode.TRAIN);
            NamedTensors s = m.exportState();
            for (int c = 0; c < 2; c++) {
                double sum = 0;
                double sq = 0;
                for (int n = 0; n < 2; n++) {
                    for (int h = 0; h < 3; h++) {
                        sum += x.get((n * 2 + c) * 3 + h);
                    }
                }
                double mean = sum / 6;
                for (int n = 0; n < 2; n++) {
                    for (int h = 0; h < 3; h++) {
                        double d = x.get((n * 2 + c) * 3 + h) - mean;
                        sq += d * d;
                    }
                }
                assertThat((double) s.get("bn.running_mean").get(c)).isCloseTo(0.25 * mean, within(1e-6));
                assertThat((double) s.get("bn.running_var").get(c)).isCloseTo(0.75 + 0.25 * sq / 5, within(1e-6));
                // normalisation uses the biased variance
                int first = (0 * 2 + c) * 3;
                assertThat((double) y.get(first)).isCloseTo((x.get(first) - mean) / Math.sqrt(sq / 6 + 1e-5), within(1e-4));
            }
            // eval normalises with the running statistics and changes nothing
            FloatTensor e = m.forward(x, Mode.EVAL);
            double rm = s.get("bn.running_mean").get(0);
            double rv = s.get("bn.running_var").get(0);
            assertThat((double) e.get(0)).isCloseTo((x.get(0) - rm) / Math.sqrt(rv + 1e-5), within(1e-5));
            assertThat(m.exportState()).isEqualTo(s);
        }
    }

    @Test
    @DisplayName("SGD follows v = mu*v + (g + wd*w); w -= lr*v, with raw gradients reported and lr fed per step")
    void sgdMomentumAndWeightDecay() {
        NetworkBuilder b = Network.builder("lin", 1, 2, 2);
        String f = b.flatten("f", Network.INPUT);
        String d = b.dense("fc", f, 3, true);
        Network net = b.build(d);
        FloatTensor x = random(Shape.of(4, 1, 2, 2), 7);
        int[] labels = {0, 2, 1, 2};
        double mu = 0.9;
        double wd = 0.01;
        try (Model m = TF.compile(net, CompileOptions.defaults().withMomentum(mu).withWeightDecay(wd))) {
            assertThat(m.exportState().get("fc.weight.momentum_buffer").data()).containsOnly(0f);
            double[] w = toDouble(m.exportState().get("fc.weight"));
            double[] v = new double[w.length];
            double[] lrs = {0.1, 0.03};
            for (double lr : lrs) {
                double[] g = denseGradient(w, toDouble(m.exportState().get("fc.bias")), x, labels);
                m.trainStep(x, labels, lr);
                double[] reported = toDouble(m.gradients().get("fc.weight"));
                for (int i = 0; i < w.length; i++) {
                    assertThat(reported[i]).isCloseTo(g[i], within(1e-5));
                    v[i] = mu * v[i] + g[i] + wd * w[i];
                    w[i] -= lr * v[i];
                }
                double[] now = toDouble(m.exportState().get("fc.weight"));
                double[] buf = toDouble(m.exportState().get("fc.weight.momentum_buffer"));
                for (int i = 0; i < w.length; i++) {
                    assertThat(now[i]).isCloseTo(w[i], within(1e-5));
                    assertThat(buf[i]).isCloseTo(v[i], within(1e-5));
                }
            }
        }
    }

    /** d(mean CE)/dW for logits = x·Wᵀ + b: (softmax − onehot)ᵀ·x / N. */
    private static double[] denseGradient(double[] w, double[] bias, FloatTensor x, int[] labels) {
        int n = labels.length;
        int units = bias.length;
        int in = w.length / units;
        double[] g = new double[w.length];
        for (int e = 0; e < n; e++) {
            double[] z = new double[units];
            double max = Double.NEGATIVE_INFINITY;
            for (int u = 0; u < units; u++) {
                z[u] = bias[u];
                for (int k = 0; k < in; k++) {
                    z[u] += w[u * in + k] * x.get(e * in + k);
                }
                max = Math.max(max, z[u]);
            }
            double sum = 0;
            for (int u = 0; u < units; u++) {
                sum += Math.exp(z[u] - max);
            }
            for (int u = 0; u < units; u++) {
                double p = Math.exp(z[u] - max) / sum - (u == labels[e] ? 1 : 0);
                for (int k = 0; k < in; k++) {
                    g[u * in + k] += p * x.get(e * in + k) / n;
                }
            }
        }
        return g;
    }

    private static double[] toDouble(FloatTensor t) {
        double[] d = new double[t.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = t.get(i);
        }
        return d;
    }
}
