package io.github.resnetspi.cli;

import io.github.resnetspi.api.train.LrSchedule;
import io.github.resnetspi.api.train.Sgd;
import io.github.resnetspi.training.TrainConfig;
import java.util.Locale;

/**
 * Named sets of training settings; explicit options override each field.
 * <ul>
 *   <li>{@code quick} (the default): the d2l chapter's network, d2l-resnet18, unchanged, on real Fashion-MNIST at its
 *       native 28×28: the first 40 000 training images for 3 epochs, batch 64, SGD with momentum 0.9 at lr 0.02 and
 *       ×0.1 for the third epoch, all 10 000 test images. Meant for all three engines in about 10 minutes on a 2-core
 *       CPU, each at test accuracy ≥ 0.88; the accuracy is checked on one engine and seed, the time is still to be
 *       measured (docs/cli.md, Profiles).</li>
 *   <li>{@code d2l}: the d2l.ai chapter "Residual Networks" itself: d2l-resnet18 on Fashion-MNIST resized to 96×96,
 *       plain SGD at lr 0.05, batch 256, 10 epochs, every example. Hours per engine on a 2-core CPU.</li>
 *   <li>{@code smoke}: resnet-tiny (5 122 parameters) on the generated synthetic dataset, 2 epochs: seconds per
 *       engine and no dataset files, for tests and for checking an installation.</li>
 * </ul>
 */
public enum Profile {
    QUICK("d2l-resnet18", "fashion-mnist", 0, 40000, 0, 3, 64, 0.02, 0.9, 2),
    D2L("d2l-resnet18", "fashion-mnist", 96, 0, 0, 10, 256, 0.05, 0, 0),
    SMOKE("resnet-tiny", "synthetic", 0, 0, 0, 2, 64, 0.1, 0.9, 0);

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
    /** Epochs between ×0.1 learning-rate decays; 0 for a constant rate. */
    final int lrStep;

    Profile(String model, String dataset, int resize, int limitTrain, int limitTest, int epochs, int batchSize, double lr,
            double momentum, int lrStep) {
        this.model = model;
        this.dataset = dataset;
        this.resize = resize;
        this.limitTrain = limitTrain;
        this.limitTest = limitTest;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.lr = lr;
        this.momentum = momentum;
        this.lrStep = lrStep;
    }

    /** The profile's name as typed on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The profile's settings with seed {@value #SEED}. */
    public TrainConfig config() {
        LrSchedule schedule = lrStep > 0 ? LrSchedule.stepDecay(lrStep, 0.1) : LrSchedule.constant();
        return new TrainConfig(model, dataset, resize, limitTrain, limitTest, epochs, batchSize,
                new Sgd(lr, momentum, 0, schedule), SEED);
    }

    /** The options that spell the profile out, for help texts and docs. */
    public String describe() {
        return "--model " + model + " --dataset " + dataset + (resize > 0 ? " --resize " + resize : "")
                + (limitTrain > 0 ? " --limit-train " + limitTrain : "") + (limitTest > 0 ? " --limit-test " + limitTest : "")
                + " --epochs " + epochs + " --batch-size " + batchSize + " --lr " + lr + (momentum > 0 ? " --momentum " + momentum : "")
                + (lrStep > 0 ? " --lr-step " + lrStep + " --lr-gamma 0.1" : "");
    }
}
