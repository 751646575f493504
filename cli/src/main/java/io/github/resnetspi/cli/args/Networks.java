package io.github.resnetspi.cli.args;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.presets.PresetOptions;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.training.TrainConfig;
import io.github.resnetspi.training.data.Datasets;

/** The network a command runs: a preset built for a dataset's images, resized or not; one that cannot be is a bad argument. */
public final class Networks {
    private Networks() {
    }

    /** The network {@code model} for {@code dataset}'s images, resized to {@code resize} (0: their stored size). */
    public static Network of(String model, String dataset, int resize) {
        Shape s = Datasets.shape(dataset);
        int h = resize > 0 ? resize : s.dim(1);
        int w = resize > 0 ? resize : s.dim(2);
        try {
            return Presets.build(model, new PresetOptions(s.dim(0), h, w, Datasets.classes(dataset)));
        } catch (RuntimeException e) {
            throw new UsageException("model " + model + " cannot be built for " + dataset + " images of "
                    + s.dim(0) + "x" + h + "x" + w + ": " + e.getMessage() + " (try another --resize)");
        }
    }

    /** The network a config trains: the preset built for the dataset's channels, (resized) size and classes. */
    public static Network of(TrainConfig cfg) {
        return of(cfg.model(), cfg.dataset(), cfg.resize());
    }
}
