package io.github.resnetspi.cli;

import io.github.resnetspi.api.train.LrSchedule;
import io.github.resnetspi.api.train.Sgd;
import io.github.resnetspi.training.TrainConfig;
import java.util.Locale;

/**
 * Named sets of training settings; explicit options override each field.
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
    QUICK("d2l-resnet18", "fashion-mnist", 0, 40000, 0, 2, 128, 0.1, 0.9, 5e-4, 0, 0.2),
    D2L("d2l-resnet18", "fashion-mnist", 96, 0, 0, 10, 256, 0.05, 0, 0, 0, -1),
    SMOKE("resnet-tiny", "synthetic", 0, 0, 0, 2, 64, 0.1, 0.9, 0, 0, -1);

    /** The seed of every profile: runs are repeatable unless {@code --seed} says otherwise. */
    public static final long SEED = 1;

    final String model;
    final String dataset;
    final int resize;
    final int limitTrain;
    final int limitTest;
    final int epochs;
    final int batchSize;
    final double lr;
    final double momentum;
    final double weightDecay;
    /** Epochs between ×0.1 learning-rate decays; 0 for none. */
    final int lrStep;
    /** Epochs of linear warm-up before a linear decay to 0 at the end of the run, step by step; negative for none. */
    final double lrWarmup;

    Profile(String model, String dataset, int resize, int limitTrain, int limitTest, int epochs, int batchSize, double lr,
            double momentum, double weightDecay, int lrStep, double lrWarmup) {
        this.model = model;
        this.dataset = dataset;
        this.resize = resize;
        this.limitTrain = limitTrain;
        this.limitTest = limitTest;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.lr = lr;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.lrStep = lrStep;
        this.lrWarmup = lrWarmup;
    }

    /** The profile's name as typed on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The profile's settings with seed {@value #SEED}. */
    public TrainConfig config() {
        LrSchedule schedule = lrStep > 0 ? LrSchedule.stepDecay(lrStep, 0.1)
                : lrWarmup >= 0 ? LrSchedule.warmupLinear(lrWarmup, epochs) : LrSchedule.constant();
        return new TrainConfig(model, dataset, resize, limitTrain, limitTest, epochs, batchSize,
                new Sgd(lr, momentum, weightDecay, schedule), SEED);
    }

    /** The options that spell the profile out, for help texts and docs. */
    public String describe() {
        return "--model " + model + " --dataset " + dataset + (resize > 0 ? " --resize " + resize : "")
                + (limitTrain > 0 ? " --limit-train " + limitTrain : "") + (limitTest > 0 ? " --limit-test " + limitTest : "")
                + " --epochs " + epochs + " --batch-size " + batchSize + " --lr " + lr + (momentum > 0 ? " --momentum " + momentum : "")
                + (weightDecay > 0 ? " --weight-decay " + weightDecay : "")
                + (lrStep > 0 ? " --lr-step " + lrStep + " --lr-gamma 0.1" : "")
                + (lrWarmup >= 0 ? " --lr-warmup " + lrWarmup : "");
    }
}
