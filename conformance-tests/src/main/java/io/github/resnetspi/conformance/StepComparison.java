package io.github.resnetspi.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.StateLayout;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.StepResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One SGD step on the backend and on the reference, and every comparison the training checks make of it. */
final class StepComparison {
    private StepComparison() {
    }

    /**
     * Steps both models on the same batch and compares loss, logits, {@code gradients()}, the parameter update, the
     * running statistics and the momentum buffers. {@code deep}: a preset (whose reference follows the backend's ReLU
     * and max-pool decisions), compared in relative L2 over all tensors of a kind ({@link Tolerances#DEEP_TRAINING_STEP});
     * single ops are compared tensor by tensor, element by element ({@link Tolerances#TRAINING_STEP}), and their update
     * also in relative L2 over all tensors together ({@link Tolerances#STEP_UPDATE_L2}).
     */
    static void compare(Network net, Model m, Model r, FloatTensor x, int[] labels, double lr, String step, boolean deep) {
        NamedTensors before = r.exportState();
        StepResult got = m.trainStep(x, labels, lr);
        StepResult want = r.trainStep(x, labels, lr);
        Compare.checkScalar(step + " loss", got.loss(), want.loss(), Tolerances.STEP_OUTPUT * Math.max(1, Math.abs(want.loss())));
        Compare.assertClose(step + " logits", got.logits(), want.logits(), Tolerances.STEP_OUTPUT);
        assertSetClose(step + " gradient", m.gradients(), r.gradients(), deep);
        NamedTensors gotAfter = m.exportState();
        NamedTensors wantAfter = r.exportState();
        assertEquals(wantAfter.names(), gotAfter.names(), step + ": exported state names");
        List<String> trainable = net.trainableParameters().stream().map(ParameterSpec::name).toList();
        NamedTensors gotUpdate = delta(gotAfter, before, trainable);
        NamedTensors wantUpdate = delta(wantAfter, before, trainable);
        if (!deep) {
            // the global scale first: a learning rate off by a fraction of a per cent shows here, not element by element
            Compare.assertAllCloseL2(step + " parameter update", gotUpdate, wantUpdate, Tolerances.STEP_UPDATE_L2);
        }
        assertSetClose(step + " parameter update", gotUpdate, wantUpdate, deep);
        NamedTensors stats = BackendConformanceKit.runningStatistics(wantAfter);
        if (stats.size() > 0) {
            Compare.assertAllClose(step + " running statistics", gotAfter.filter(stats::contains), stats, Tolerances.RUNNING_STATS);
        }
        NamedTensors buffers = wantAfter.filter(StateLayout::isMomentumBuffer);
        assertSetClose(step + " momentum buffer", gotAfter.filter(buffers::contains), buffers, deep);
    }

    private static void assertSetClose(String what, NamedTensors got, NamedTensors want, boolean deep) {
        if (deep) {
            Compare.assertAllCloseL2(what, got, want, Tolerances.DEEP_TRAINING_STEP);
        } else {
            Compare.assertAllClose(what, got, want, Tolerances.TRAINING_STEP);
        }
    }

    /** {@code after − before} of each named tensor, in float32 as exported. */
    private static NamedTensors delta(NamedTensors after, NamedTensors before, List<String> names) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (String n : names) {
            FloatTensor a = after.get(n);
            FloatTensor b = before.get(n);
            float[] d = new float[a.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = a.get(i) - b.get(i);
            }
            out.put(n, FloatTensor.wrap(a.shape(), d));
        }
        return NamedTensors.of(out);
    }
}
