package io.github.resnetspi.training.checkpoint;

import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether saved tensors are a complete, sane state to resume from. The SPI's {@code importState} takes any subset
 * (so callers can restore parts), which means a checkpoint missing a tensor would resume with that tensor left at its
 * fresh initial value: silently mixed weights. Resuming therefore checks that every entry of the model's state (its
 * parameters, batch-norm running statistics and, with momentum, the momentum buffers: the SPI's {@code StateLayout})
 * is present with its shape and nothing else is, that every value is finite, and that running variances
 * ({@code *.running_var}, the layout's naming) are not negative.
 */
public final class StateCheck {
    static final String RUNNING_VAR_SUFFIX = ".running_var";
    private static final int LISTED = 3;

    private StateCheck() {
    }

    /**
     * Fails with a {@link CheckpointException} naming the first problem unless {@code saved} (read from {@code file})
     * holds exactly the entries of {@code expected} with their shapes, all finite, running variances ≥ 0.
     */
    public static void requireComplete(Path file, NamedTensors saved, Map<String, Shape> expected) {
        List<String> missing = new ArrayList<>();
        for (String name : expected.keySet()) {
            if (!saved.contains(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new CheckpointException("checkpoint " + file + " lacks " + missing.size() + " of the "
                    + expected.size() + " tensors the model needs (" + list(missing) + "): it is incomplete, and"
                    + " resuming from it would mix restored and fresh values");
        }
        for (Map.Entry<String, FloatTensor> e : saved.asMap().entrySet()) {
            String name = e.getKey();
            Shape want = expected.get(name);
            if (want == null) {
                throw new CheckpointException("checkpoint " + file + " holds tensor " + SafeTensors.quote(name)
                        + ", which this model does not have: it was written for another network or optimizer");
            }
            FloatTensor t = e.getValue();
            if (!t.shape().equals(want)) {
                throw new CheckpointException("checkpoint " + file + ": tensor " + SafeTensors.quote(name)
                        + " has shape " + t.shape() + ", the model needs " + want);
            }
            checkValues(file, name, t);
        }
    }

    private static void checkValues(Path file, String name, FloatTensor t) {
        boolean variance = name.endsWith(RUNNING_VAR_SUFFIX);
        FloatBuffer v = t.buffer();
        int firstBad = -1;
        int nonFinite = 0;
        for (int i = 0; i < v.limit(); i++) {
            float x = v.get(i);
            if (!Float.isFinite(x)) {
                nonFinite++;
                firstBad = firstBad < 0 ? i : firstBad;
            } else if (variance && x < 0) {
                throw new CheckpointException("checkpoint " + file + ": running variance " + SafeTensors.quote(name)
                        + " holds " + x + " (value " + (i + 1) + " of " + t.size() + "), and a variance cannot be"
                        + " negative: the file is corrupt");
            }
        }
        if (nonFinite > 0) {
            throw new CheckpointException("checkpoint " + file + ": tensor " + SafeTensors.quote(name) + " holds "
                    + v.get(firstBad) + " (value " + (firstBad + 1) + " of " + t.size() + "; " + nonFinite
                    + " not finite): the file is corrupt, or the run that wrote it had diverged");
        }
    }

    private static String list(List<String> names) {
        List<String> shown = names.subList(0, Math.min(LISTED, names.size()));
        return String.join(", ", shown) + (names.size() > LISTED ? ", ..." : "");
    }
}
