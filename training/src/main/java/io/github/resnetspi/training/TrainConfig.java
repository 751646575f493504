package io.github.resnetspi.training;

import io.github.resnetspi.api.train.LrSchedule;
import io.github.resnetspi.api.train.Sgd;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that determines a training run's numbers: model preset, dataset, image size, limits, batch size,
 * optimizer and seed. Two runs with equal configs on equally exact backends see the same initial weights and the
 * same batches. {@code resize} 0 keeps the dataset's size; limits 0 use every example.
 */
public record TrainConfig(String model, String dataset, int resize, int limitTrain, int limitTest, int epochs,
                          int batchSize, Sgd sgd, long seed) {
    public TrainConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(sgd, "sgd");
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size must be at least 2 (batch norm needs two examples), got " + batchSize);
        }
        if (resize < 0 || limitTrain < 0 || limitTest < 0) {
            throw new IllegalArgumentException("resize and limits must not be negative");
        }
    }

    /**
     * The same run for {@code e} epochs; a warm-up-and-decay schedule is stretched so that its decay still ends with
     * the run.
     */
    public TrainConfig withEpochs(int e) {
        Sgd s = new Sgd(sgd.learningRate(), sgd.momentum(), sgd.weightDecay(), sgd.schedule().forRun(e));
        return new TrainConfig(model, dataset, resize, limitTrain, limitTest, e, batchSize, s, seed);
    }

    /** The same run from another seed: other initial weights and data order (and synthetic data). */
    public TrainConfig withSeed(long s) {
        return new TrainConfig(model, dataset, resize, limitTrain, limitTest, epochs, batchSize, sgd, s);
    }

    /**
     * The settings that must match for a checkpoint to be resumed (all but the number of epochs, which a resumed run
     * may extend), as strings, in a fixed order.
     */
    public Map<String, String> identity() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("dataset", dataset);
        m.put("resize", Integer.toString(resize));
        m.put("limit_train", Integer.toString(limitTrain));
        m.put("limit_test", Integer.toString(limitTest));
        m.put("batch_size", Integer.toString(batchSize));
        m.put("lr", Double.toString(sgd.learningRate()));
        m.put("momentum", Double.toString(sgd.momentum()));
        m.put("weight_decay", Double.toString(sgd.weightDecay()));
        m.put("lr_schedule", schedule(sgd.schedule()));
        m.put("seed", Long.toString(seed));
        return m;
    }

    static String schedule(LrSchedule s) {
        if (s instanceof LrSchedule.StepDecay d) {
            return "step(every=" + d.everyEpochs() + ", gamma=" + d.gamma() + ")";
        }
        if (s instanceof LrSchedule.WarmupLinear w) {
            // the run's length is left out, as everywhere in the identity: a resumed run may extend it, and the decay
            // then stretches to the new end from where it resumes
            return "warmup-linear(warmup=" + w.warmupEpochs() + ")";
        }
        return "constant";
    }
}
