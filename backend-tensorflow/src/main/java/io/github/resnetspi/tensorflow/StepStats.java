package io.github.resnetspi.tensorflow;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Where a traced training step's time went, from TensorFlow's own step statistics (a FULL_TRACE run): the summed
 * kernel time of each op type, for a {@link io.github.resnetspi.api.StepObserver}.
 */
final class StepStats {
    private StepStats() {
    }

    /** @return op type (e.g. {@code Conv2DBackpropFilter}) to milliseconds, summed over the step's kernels */
    static Map<String, Double> opMillis(RunMetadata meta) {
        Map<String, Double> ms = new LinkedHashMap<>();
        for (DeviceStepStats d : meta.getStepStats().getDevStatsList()) {
            for (NodeExecStats n : d.getNodeStatsList()) {
                String label = n.getTimelineLabel();
                // timeline labels read "name = OpType(inputs)"; the op type is what the time is grouped by
                int eq = label.indexOf(" = ");
                int paren = label.indexOf('(', Math.max(eq, 0));
                String op = eq >= 0 && paren > eq ? label.substring(eq + 3, paren) : n.getNodeName();
                ms.merge(op, (n.getOpEndRelMicros() - n.getOpStartRelMicros()) / 1000.0, Double::sum);
            }
        }
        return ms;
    }
}
