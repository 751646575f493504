package io.github.resnetspi.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.DeviceRequest;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Conv2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.NetworkBuilder;
import io.github.resnetspi.api.graph.Padding;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.LrSchedule;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.Sgd;
import io.github.resnetspi.conformance.TestData;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed answers for the reference's forward semantics and optimizer, independent of its kernels: the
 * finite-difference test proves backward matches forward; this proves forward (and SGD) match the API's Javadoc.
 */
class ReferenceKnownAnswerTest {
    private final ReferenceProvider reference = new ReferenceProvider();

    private Model compile(Network net, Sgd sgd) {
        return reference.compile(net, CompileOptions.defaults().withOptimizer(sgd));
    }

    private static float[] run(Model m, FloatTensor x, Mode mode) {
        return m.forward(x, mode).data();
    }

    @Test
    @DisplayName("conv with asymmetric padding and stride 2 equals a naive cross-correlation over an explicitly padded input")
    void convAgainstNaive() {
        Padding pad = new Padding(0, 1, 2, 1);
        NetworkBuilder b = Network.builder("conv", 2, 5, 6);
        Network net = b.build(b.conv("conv", Network.INPUT, new Conv2d(3, 3, 2, 2, 2, pad, true)));
        FloatTensor x = TestData.uniform(Shape.of(2, 2, 5, 6), -1, 1, 1);
        NamedTensors state = TestData.randomState(net, 2);
        float[] w = state.get("conv.weight").data();
        float[] bias = state.get("conv.bias").data();
        try (Model m = compile(net, Sgd.plain(0.1))) {
            m.importState(state);
            float[] got = run(m, x, Mode.EVAL);
            int oh = (5 + 0 + 1 - 3) / 2 + 1, ow = (6 + 2 + 1 - 2) / 2 + 1;
            assertThat(got).hasSize(2 * 3 * oh * ow);
            int ph = 5 + 1, pw = 6 + 3;
            for (int n = 0; n < 2; n++) {
                double[][][] padded = new double[2][ph][pw];
                for (int c = 0; c < 2; c++) {
                    for (int i = 0; i < 5; i++) {
                        for (int j = 0; j < 6; j++) {
                            padded[c][i][j + 2] = x.get(((n * 2 + c) * 5 + i) * 6 + j);
                        }
                    }
                }
                for (int o = 0; o < 3; o++) {
                    for (int y = 0; y < oh; y++) {
                        for (int z = 0; z < ow; z++) {
                            double s = bias[o];
                            for (int c = 0; c < 2; c++) {
                                for (int r = 0; r < 3; r++) {
                                    for (int q = 0; q < 2; q++) {
                                        s += w[((o * 2 + c) * 3 + r) * 2 + q] * padded[c][2 * y + r][2 * z + q];
                                    }
                                }
                            }
                            assertThat(got[((n * 3 + o) * oh + y) * ow + z]).isCloseTo((float) s, within(1e-6f));
                        }
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("max pool: a padded cell never wins, even over all-negative inputs")
    void maxPoolPaddingNeverWins() {
        NetworkBuilder b = Network.builder("pool", 1, 2, 2);
        Network net = b.build(b.maxPool("pool", Network.INPUT, 3, 2, Padding.symmetric(1)));
        try (Model m = compile(net, Sgd.plain(0.1))) {
            float[] got = run(m, FloatTensor.of(Shape.of(1, 1, 2, 2), new float[] {-4, -3, -2, -5}), Mode.EVAL);
            assertThat(got).containsExactly(-2f); // one window covering all four cells and five pad cells
        }
    }

    @Test
    @DisplayName("avg pool: include-pad divides by the kernel area, exclude-pad by the cells inside the input")
    void avgPoolDivisors() {
        FloatTensor ones = FloatTensor.filled(Shape.of(1, 1, 4, 4), 1f);
        for (boolean include : new boolean[] {true, false}) {
            NetworkBuilder b = Network.builder("pool", 1, 4, 4);
            Network net = b.build(b.avgPool("pool", Network.INPUT, 3, 2, Padding.symmetric(1), include));
            try (Model m = compile(net, Sgd.plain(0.1))) {
                float[] got = run(m, ones, Mode.EVAL);
                // windows start at -1 and 1: the first row/column of windows overlaps the padding
                float[] want = include ? new float[] {4f / 9, 6f / 9, 6f / 9, 9f / 9} : new float[] {1, 1, 1, 1};
                assertThat(got).containsExactly(want, within(1e-7f));
            }
        }
    }

    @Test
    @DisplayName("batch norm: biased variance to normalise, unbiased variance into the running estimate (momentum 0.1)")
    void batchNormStatistics() {
        NetworkBuilder b = Network.builder("bn", 1, 1, 1);
        Network net = b.build(b.batchNorm("bn", Network.INPUT));
        try (Model m = compile(net, Sgd.plain(0.1))) {
            float[] got = run(m, FloatTensor.of(Shape.of(4, 1, 1, 1), new float[] {1, 2, 3, 4}), Mode.TRAIN);
            double sd = Math.sqrt(1.25 + 1e-5); // biased variance of 1..4 is 1.25
            assertThat(got).containsExactly(new float[] {(float) (-1.5 / sd), (float) (-0.5 / sd), (float) (0.5 / sd),
                    (float) (1.5 / sd)}, within(1e-6f));
            NamedTensors s = m.exportState();
            assertThat(s.get("bn.running_mean").get(0)).isCloseTo(0.25f, within(1e-7f));
            assertThat(s.get("bn.running_var").get(0)).isCloseTo((float) (0.9 + 0.1 * 5.0 / 3.0), within(1e-7f));
            // eval mode normalises with the running statistics
            float[] eval = run(m, FloatTensor.of(Shape.of(1, 1, 1, 1), new float[] {1}), Mode.EVAL);
            assertThat(eval[0]).isCloseTo((float) ((1 - 0.25) / Math.sqrt(0.9 + 0.5 / 3 + 1e-5)), within(1e-6f));
        }
    }

    @Test
    @DisplayName("flatten is row-major (C, then H, then W); dense computes x·Wᵀ + b")
    void flattenOrderAndDense() {
        NetworkBuilder b = Network.builder("fd", 2, 2, 3);
        Network net = b.build(b.dense("fc", b.flatten("flatten", Network.INPUT), 2, true));
        float[] w = new float[2 * 12];
        w[7] = 1; // unit 0 reads flat index 7 = (c 1, h 0, w 1)
        w[12 + 2] = 2; // unit 1 reads 2·flat index 2 = (c 0, h 0, w 2)
        Map<String, FloatTensor> state = new LinkedHashMap<>();
        state.put("fc.weight", FloatTensor.of(Shape.of(2, 12), w));
        state.put("fc.bias", FloatTensor.of(Shape.of(2), new float[] {0.5f, -1}));
        float[] x = new float[12];
        for (int i = 0; i < 12; i++) {
            x[i] = i * 10;
        }
        try (Model m = compile(net, Sgd.plain(0.1))) {
            m.importState(NamedTensors.of(state));
            assertThat(run(m, FloatTensor.of(Shape.of(1, 2, 2, 3), x), Mode.EVAL)).containsExactly(70.5f, 39f);
        }
    }

    @Test
    @DisplayName("loss and SGD: mean softmax cross-entropy, then g' = g + wd·w, v = μ·v + g', w -= lr·v over two steps")
    void lossAndSgdByHand() {
        NetworkBuilder b = Network.builder("linear", 1, 1, 1);
        Network net = b.build(b.dense("fc", b.flatten("flatten", Network.INPUT), 2, false));
        double mu = 0.9, wd = 0.1;
        double[] w = {0.5, -0.25};
        Map<String, FloatTensor> state = Map.of("fc.weight", FloatTensor.of(Shape.of(2, 1), new float[] {0.5f, -0.25f}));
        FloatTensor x = FloatTensor.of(Shape.of(2, 1, 1, 1), new float[] {1, -2});
        int[] labels = {0, 1};
        try (Model m = compile(net, new Sgd(0.1, mu, wd, LrSchedule.constant()))) {
            m.importState(NamedTensors.of(state));
            double[] v = {0, 0};
            for (double lr : new double[] {0.1, 0.3}) {
                // by hand: logits z_n = w·x_n; dL/dw_k = mean_n (softmax(z_n)_k − [k = label_n])·x_n
                double loss = 0;
                double[] g = new double[2];
                for (int n = 0; n < 2; n++) {
                    double xn = x.get(n);
                    double z0 = w[0] * xn, z1 = w[1] * xn;
                    double lse = Math.log(Math.exp(z0) + Math.exp(z1));
                    loss += lse - (labels[n] == 0 ? z0 : z1);
                    g[0] += (Math.exp(z0 - lse) - (labels[n] == 0 ? 1 : 0)) * xn / 2;
                    g[1] += (Math.exp(z1 - lse) - (labels[n] == 1 ? 1 : 0)) * xn / 2;
                }
                double got = m.trainStep(x, labels, lr).loss();
                assertThat(got).isCloseTo(loss / 2, within(1e-12));
                float[] grads = m.gradients().get("fc.weight").data();
                assertThat(grads).containsExactly(new float[] {(float) g[0], (float) g[1]}, within(1e-7f));
                for (int k = 0; k < 2; k++) {
                    v[k] = mu * v[k] + g[k] + wd * w[k];
                    w[k] -= lr * v[k];
                }
                NamedTensors s = m.exportState();
                assertThat(s.get("fc.weight").data()).containsExactly(new float[] {(float) w[0], (float) w[1]}, within(1e-7f));
                assertThat(s.get("fc.weight.momentum_buffer").data())
                        .containsExactly(new float[] {(float) v[0], (float) v[1]}, within(1e-7f));
            }
        }
    }

    @Test
    @DisplayName("ReLU: max(x, 0), and the gradient at exactly 0 is 0")
    void reluGradientAtZero() {
        NetworkBuilder b = Network.builder("relu", 1, 1, 4);
        Network net = b.build(b.relu("relu", Network.INPUT));
        Activation x = new Activation(new double[] {-1, 0, 0.5, -0.0}, 1, 1, 1, 4);
        ReferenceOps.Pass pass = ReferenceOps.forward(net, new Kernels(), x, Mode.TRAIN, Map.of());
        assertThat(pass.outputs.get("relu").v()).containsExactly(0, 0, 0.5, 0);
        double[] dIn = ReferenceOps.backward(pass, Map.of(), new double[] {1, 1, 1, 1}).get(Network.INPUT);
        assertThat(dIn).containsExactly(0, 0, 1, 0);
    }
}
