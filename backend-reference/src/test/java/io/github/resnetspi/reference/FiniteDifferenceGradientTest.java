package io.github.resnetspi.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.presets.PresetOptions;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.conformance.OpCase;
import io.github.resnetspi.conformance.TestData;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validates the reference's backward pass against central finite differences in float64, for every op (each in a
 * small trainable network), the loss, and a small preset. The reference is what the kit trusts; this is what the
 * reference trusts.
 */
class FiniteDifferenceGradientTest {
    /** Central differences with h = 1e-6 in float64 have truncation error ~h² and rounding error ~1e-16/h: ~1e-9. */
    private static final double H = 1e-6;
    private static final double TOLERANCE = 1e-6;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.resnetspi.conformance.KitCases#opCases")
    @DisplayName("the gradient of every parameter and of the input matches central finite differences, per op")
    void perOp(String id) {
        OpCase oc = OpCase.get(id);
        Network net = oc.trainable();
        // at a ReLU's kink (an exact 0, which the zero-bias case makes on purpose) finite differences are one-sided
        // and the gradient is pinned, not derived: ReferenceKnownAnswerTest checks it; here the biases are random
        NamedTensors state = oc.state() == OpCase.State.ZERO_CONV_BIASES ? TestData.randomState(net, 4) : oc.state(net, 4);
        checkNetwork(net, oc.images(3, 7), state, 40);
    }

    @Test
    @DisplayName("the gradients of a small preset (resnet-tiny at 1x8x8, batch 3) match central finite differences")
    void preset() {
        Network net = Presets.build("resnet-tiny", new PresetOptions(1, 8, 8, 10));
        checkNetwork(net, TestData.images(net, 3, 5), TestData.randomState(net, 4), 12);
    }

    @Test
    @DisplayName("the gradient of the mean softmax cross-entropy matches finite differences, including extreme logits")
    void loss() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 4, k = 5;
        double[] z = new double[n * k];
        for (int i = 0; i < z.length; i++) {
            z[i] = 10 * (2 * rng.nextDouble() - 1);
        }
        z[0] = 200; // stable log-sum-exp: no overflow
        int[] labels = {0, 3, 4, 1};
        double[] grad = new double[z.length];
        Kernels kernels = new Kernels();
        double loss = kernels.softmaxCrossEntropy(z, n, k, labels, grad);
        assertThat(loss).isFinite();
        for (int i = 0; i < z.length; i++) {
            double[] zp = z.clone();
            double[] zm = z.clone();
            zp[i] += H;
            zm[i] -= H;
            double fd = (kernels.softmaxCrossEntropy(zp, n, k, labels, null) - kernels.softmaxCrossEntropy(zm, n, k, labels, null)) / (2 * H);
            assertThat(grad[i]).as("dLoss/dz[%d]", i).isCloseTo(fd, org.assertj.core.data.Offset.offset(TOLERANCE));
        }
        // the loss itself: −log softmax(z)[label], averaged
        double want = 0;
        for (int b = 0; b < n; b++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, z[b * k + j]);
            }
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += Math.exp(z[b * k + j] - max);
            }
            want += -(z[b * k + labels[b]] - max - Math.log(s));
        }
        assertThat(loss).isCloseTo(want / n, org.assertj.core.data.Offset.offset(1e-12));
    }

    /** Loss of the network (train mode) on a copy of the state, so that running statistics do not drift. */
    private static double loss(Network g, double[] x, int n, Map<String, double[]> state, int[] labels) {
        Activation in = new Activation(x, n, g.inputShape().dim(0), g.inputShape().dim(1), g.inputShape().dim(2));
        ReferenceOps.Pass pass = ReferenceOps.forward(g, new Kernels(), in, Mode.TRAIN, copy(state));
        return ReferenceOps.loss(pass, labels, null);
    }

    private static void checkNetwork(Network network, FloatTensor images, NamedTensors init, int probesPerTensor) {
        int n = images.shape().dim(0);
        int[] labels = TestData.labels(n, network.classes(), 9);
        Map<String, double[]> state = new LinkedHashMap<>();
        init.asMap().forEach((k, v) -> state.put(k, ReferenceModel.toDouble(v)));
        double[] x = ReferenceModel.toDouble(images);

        Shape input = network.inputShape();
        Activation in = new Activation(x, n, input.dim(0), input.dim(1), input.dim(2));
        ReferenceOps.Pass pass = ReferenceOps.forward(network, new Kernels(), in, Mode.TRAIN, copy(state));
        double[] logits = pass.outputs.get(network.output()).v();
        double[] dLogits = new double[logits.length];
        ReferenceOps.loss(pass, labels, dLogits);
        Map<String, double[]> grads = ReferenceOps.backward(pass, state, dLogits);

        SplittableRandom rng = new SplittableRandom(17);
        Map<String, double[]> targets = new LinkedHashMap<>();
        for (ParameterSpec p : network.trainableParameters()) {
            targets.put(p.name(), state.get(p.name()));
        }
        targets.put(Network.INPUT, x);
        int checked = 0;
        for (Map.Entry<String, double[]> t : targets.entrySet()) {
            double[] values = t.getValue();
            double[] analytic = grads.get(t.getKey());
            int probes = Math.min(values.length, probesPerTensor);
            for (int k = 0; k < probes; k++) {
                int i = values.length <= probesPerTensor ? k : rng.nextInt(values.length);
                double saved = values[i];
                values[i] = saved + H;
                double up = loss(network, x, n, state, labels);
                values[i] = saved - H;
                double down = loss(network, x, n, state, labels);
                values[i] = saved;
                double fd = (up - down) / (2 * H);
                assertThat(analytic[i]).as("d loss / d %s[%d] of %s", t.getKey(), i, network.name())
                        .isCloseTo(fd, org.assertj.core.data.Offset.offset(TOLERANCE * Math.max(1, Math.abs(fd))));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(0);
    }

    private static Map<String, double[]> copy(Map<String, double[]> state) {
        Map<String, double[]> c = new HashMap<>();
        state.forEach((k, v) -> c.put(k, v.clone()));
        return c;
    }
}
