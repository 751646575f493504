package io.github.resnetspi.cli;

/**
 * Named sets of training settings; explicit options override each field.
 * <ul>
 *   <li>{@code d2l}: the d2l.ai chapter "Residual Networks": d2l-resnet18 on Fashion-MNIST resized to 96×96, plain
 *       SGD at lr 0.05, batch 256, 10 epochs, every example.</li>
 *   <li>{@code quick}: resnet-tiny on all of Fashion-MNIST at 28×28, 6 epochs, batch 128, SGD lr 0.05 (0.005 in the
 *       last epoch) with momentum 0.9: a few minutes per backend on a 2-core CPU while clearly learning
 *       (docs/cli.md lists measured times).</li>
 * </ul>
 */
public enum Profile {
    D2L("d2l-resnet18", "fashion-mnist", 96, 0, 0, 10, 256, 0.05, 0, 0),
    // The last epoch at a tenth of the rate, so that the final accuracies are settled rather than a noisy sample.
    QUICK("resnet-tiny", "fashion-mnist", 0, 0, 0, 6, 128, 0.05, 0.9, 5);

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
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** One line describing the settings, for help texts and reports. */
    public String describe() {
        return "--model " + model + " --dataset " + dataset + (resize > 0 ? " --resize " + resize : "")
                + (limitTrain > 0 ? " --limit-train " + limitTrain : "") + (limitTest > 0 ? " --limit-test " + limitTest : "")
                + " --epochs " + epochs + " --batch-size " + batchSize + " --lr " + lr + (momentum > 0 ? " --momentum " + momentum : "")
                + (lrStep > 0 ? " --lr-step " + lrStep + " --lr-gamma 0.1" : "");
    }
}
