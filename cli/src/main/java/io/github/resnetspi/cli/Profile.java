package io.github.resnetspi.cli;

import io.github.resnetspi.api.train.LrSchedule;
import io.github.resnetspi.api.train.Sgd;
import io.github.resnetspi.cli.args.Networks;
import io.github.resnetspi.training.TrainConfig;
import java.util.Locale;

/**
 * Named training settings ({@link TrainConfig}s); explicit options override each field.
 * <ul>
 *   <li>{@code quick} (the default): the d2l chapter's network, d2l-resnet18, unchanged, on real Fashion-MNIST at its
 *       native 28×28: the first 40 000 training images for 2 epochs, batch 128, SGD with momentum 0.9 and weight decay
 *       5e-4 at lr 0.1, warmed up over the first fifth of an epoch and decayed linearly to 0 by the end of the run,
 *       tested on all 10 000 test images: sized for all three engines to reach test accuracy ≥ 0.88 in minutes on a
 *       2-core CPU (measured run times: docs/cli.md, Profiles).</li>
 *   <li>{@code d2l}: the d2l.ai chapter "Residual Networks" itself: d2l-resnet18 on Fashion-MNIST resized to 96×96,
 *       plain SGD at lr 0.05, batch 256, 10 epochs, every example. Hours per engine on a 2-core CPU.</li>
 *   <li>{@code smoke}: resnet-tiny (5 122 parameters) on the generated synthetic dataset, 2 epochs: seconds per
 *       engine and no dataset files, for tests and for checking an installation.</li>
 * </ul>
 */
public enum Profile {
    QUICK(new TrainConfig("d2l-resnet18", "fashion-mnist", 0, 40_000, 0, 2, 128,
            new Sgd(0.1, 0.9, 5e-4, LrSchedule.warmupLinear(0.2, 2)), 1)),
    D2L(new TrainConfig("d2l-resnet18", "fashion-mnist", 96, 0, 0, 10, 256, new Sgd(0.05, 0, 0, LrSchedule.constant()), 1)),
    SMOKE(new TrainConfig("resnet-tiny", "synthetic", 0, 0, 0, 2, 64, new Sgd(0.1, 0.9, 0, LrSchedule.constant()), 1));

    private final TrainConfig config;

    Profile(TrainConfig config) {
        this.config = config;
    }

    /** The profile's name as typed on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The profile's settings, with seed 1: runs are repeatable unless {@code --seed} says otherwise. */
    public TrainConfig config() {
        return config;
    }
}
