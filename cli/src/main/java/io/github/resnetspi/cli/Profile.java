package io.github.resnetspi.cli;

/**
 * Named sets of training settings; explicit options override each field.
 * <ul>
 *   <li>{@code d2l}: the d2l.ai chapter "Residual Networks": d2l-resnet18 on Fashion-MNIST resized to 96×96, plain
 *       SGD at lr 0.05, batch 256, 10 epochs, every example.</li>
 *   <li>{@code quick}: a few minutes per backend on a 2-core CPU while still clearly learning (see docs/cli.md for
 *       the measured times).</li>
 * </ul>
 */
public enum Profile {
    D2L("d2l-resnet18", "fashion-mnist", 96, 0, 0, 10, 256, 0.05),
    QUICK("d2l-resnet18", "fashion-mnist", 0, 12000, 2000, 2, 128, 0.05);

    final String model;
    final String dataset;
    final int resize;
    final int limitTrain;
    final int limitTest;
    final int epochs;
    final int batchSize;
    final double lr;

    Profile(String model, String dataset, int resize, int limitTrain, int limitTest, int epochs, int batchSize, double lr) {
        this.model = model;
        this.dataset = dataset;
        this.resize = resize;
        this.limitTrain = limitTrain;
        this.limitTest = limitTest;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.lr = lr;
    }

    /** The profile's name as typed on the command line. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** One line describing the settings, for help texts and reports. */
    public String describe() {
        return "--model " + model + " --dataset " + dataset + (resize > 0 ? " --resize " + resize : "")
                + (limitTrain > 0 ? " --limit-train " + limitTrain : "") + (limitTest > 0 ? " --limit-test " + limitTest : "")
                + " --epochs " + epochs + " --batch-size " + batchSize + " --lr " + lr;
    }
}
