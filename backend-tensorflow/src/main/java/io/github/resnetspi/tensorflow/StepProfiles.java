package io.github.resnetspi.tensorflow;

import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.tensor.FloatTensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Where a TensorFlow training step's time goes, from TensorFlow's own step statistics (a FULL_TRACE run): the summed
 * kernel time of each op type. For the benchmarks (bench's StepProfile), not for training.
 */
public final class StepProfiles {
    private StepProfiles() {
    }

    /**
     * Runs {@code steps} traced training steps of a model this backend compiled.
     *
     * @param model        a model compiled by the {@code tensorflow} backend
     * @param images       a batch
     * @param labels       its labels
     * @param learningRate the rate
     * @param steps        how many steps to trace
     * @return op type (e.g. {@code Conv2DBackpropFilter}) to milliseconds per step, summed over the step's kernels
     */
    public static Map<String, Double> opMillisPerStep(Model model, FloatTensor images, int[] labels, double learningRate,
                                                      int steps) {
        if (!(model instanceof TensorFlowModel tf)) {
            throw new IllegalArgumentException("not a model of the tensorflow backend: " + model);
        }
        Map<String, Double> ms = new LinkedHashMap<>();
        for (int s = 0; s < steps; s++) {
            tf.trainStep(images, labels, learningRate, meta -> add(meta, ms, steps));
        }
        return ms;
    }

    private static void add(RunMetadata meta, Map<String, Double> ms, int steps) {
        for (DeviceStepStats d : meta.getStepStats().getDevStatsList()) {
            for (NodeExecStats n : d.getNodeStatsList()) {
                String label = n.getTimelineLabel();
                // timeline labels read "name = OpType(inputs)"; the op type is what the time is grouped by
                int eq = label.indexOf(" = ");
                int paren = label.indexOf('(', Math.max(eq, 0));
                String op = eq >= 0 && paren > eq ? label.substring(eq + 3, paren) : n.getNodeName();
                ms.merge(op, (n.getOpEndRelMicros() - n.getOpStartRelMicros()) / 1000.0 / steps, Double::sum);
            }
        }
    }
}
