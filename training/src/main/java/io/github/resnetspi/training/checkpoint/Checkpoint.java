package io.github.resnetspi.training.checkpoint;

import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.training.EpochMetrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The state after {@code epoch} complete epochs: every exported tensor (parameters, BN running statistics, momentum
 * buffers), the run's identity ({@link io.github.resnetspi.training.TrainConfig#identity()}), the data-order
 * algorithm, the metrics history, and the shape {@code input} of one input example (C, H, W; null in checkpoints
 * written before it was recorded). The next epoch's data order follows from the seed and the epoch number alone.
 */
public record Checkpoint(Path file, int epoch, NamedTensors state, Map<String, String> identity, String dataOrder,
                         List<EpochMetrics> history, String backend, Shape input) {
    public Checkpoint {
        identity = Map.copyOf(identity);
        history = List.copyOf(history);
    }
}
