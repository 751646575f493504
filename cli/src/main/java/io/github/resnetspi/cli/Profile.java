package io.github.resnetspi.cli;

/**
 * Named sets of training settings; explicit options override each field.
 * <ul>
 *   <li>{@code d2l}: the d2l.ai chapter "Residual Networks": d2l-resnet18 on Fashion-MNIST resized to 96×96, plain
 *       SGD at lr 0.05, batch 256, 10 epochs, every example.</li>
 *   <li>{@code quick}: resnet-tiny on all of Fashion-MNIST at 28×28, 6 epochs, batch 128, SGD lr 0.05 with momentum
 *       0.9: a few minutes per backend on a 2-core CPU while clearly learning (docs/cli.md lists measured times).</li>
 * </ul>
 */
public enum Profile {
    D2L("d2l-resnet18", "fashion-mnist", 96, 0, 0, 10, 256, 0.05, 0),
    QUICK("resnet-tiny", "fashion-mnist", 0, 0, 0, 6, 128, 0.05, 0.9);

    final String model;
    final String dataset;
    final int resize;
    final int limitTrain;
    final int limitTest;
    final int epochs;
    final int batchSize;
    final double lr;
    final double momentum;

    Profile(String model, String dataset, int resize, int limitTrain, int limitTest, int epochs, int batchSize, double lr,
            double momentum) {
        this.model = model;
        this.dataset = dataset;
        this.resize = resize;
        this.limitTrain = limitTrain;
        this.limitTest = limitTest;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.lr = lr;
        this.momentum = momentum;
    }

    /** The profile's name as typed on the command line. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** One line describing the settings, for help texts and reports. */
    public String describe() {
        return "--model " + model + " --dataset " + dataset + (resize > 0 ? " --resize " + resize : "")
                + (limitTrain > 0 ? " --limit-train " + limitTrain : "") + (limitTest > 0 ? " --limit-test " + limitTest : "")
                + " --epochs " + epochs + " --batch-size " + batchSize + " --lr " + lr + (momentum > 0 ? " --momentum " + momentum : "");
    }
}
