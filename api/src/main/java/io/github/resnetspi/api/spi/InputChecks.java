package io.github.resnetspi.api.spi;

import io.github.resnetspi.api.graph.BatchNorm2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.train.Mode;

/** The input checks every backend makes before handing data to an engine, so bad input never reaches native code. */
public final class InputChecks {
    private InputChecks() {
    }

    /**
     * Images must be (N, C, H, W) with the network's C, H, W and N ≥ 1; in train mode every BN needs ≥ 2 values per
     * channel.
     *
     * @param network the network the images are for
     * @param images  the images
     * @param mode    the mode they are run in
     * @throws IllegalArgumentException saying what is wrong with them
     */
    public static void images(Network network, FloatTensor images, Mode mode) {
        if (images == null) {
            throw new IllegalArgumentException("images must not be null");
        }
        Shape s = images.shape();
        Shape want = network.inputShape();
        if (s.rank() != 4) {
            throw new IllegalArgumentException("images must be rank 4 (N, C, H, W), got rank " + s.rank() + " " + s
                    + "; network '" + network.name() + "' expects (N, " + want.dim(0) + ", " + want.dim(1) + ", " + want.dim(2) + ")");
        }
        if (s.dim(0) < 1) {
            throw new IllegalArgumentException("images must hold at least one example, got " + s);
        }
        if (s.dim(1) != want.dim(0)) {
            throw new IllegalArgumentException("images have " + s.dim(1) + " channels, network '" + network.name()
                    + "' expects " + want.dim(0) + " (input " + s + ")");
        }
        if (s.dim(2) != want.dim(1) || s.dim(3) != want.dim(2)) {
            throw new IllegalArgumentException("images are " + s.dim(2) + "x" + s.dim(3) + ", network '" + network.name()
                    + "' was built for " + want.dim(1) + "x" + want.dim(2) + " (resize the data or build the network for this size)");
        }
        if (mode == Mode.TRAIN) {
            for (Node n : network.nodesOf(BatchNorm2d.class)) {
                Shape in = n.inputShape();
                if ((long) s.dim(0) * in.dim(1) * in.dim(2) < 2) {
                    throw new IllegalArgumentException("batch norm '" + n.name() + "' needs more than one value per channel"
                            + " in train mode; use a batch of at least 2");
                }
            }
        }
    }

    /**
     * One label per example, each in {@code [0, classes)}.
     *
     * @param network the network being trained
     * @param images  the (already checked) images of the batch
     * @param labels  the labels
     * @throws IllegalArgumentException saying what is wrong with them
     */
    public static void labels(Network network, FloatTensor images, int[] labels) {
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        int n = images.shape().dim(0);
        if (labels.length != n) {
            throw new IllegalArgumentException("got " + labels.length + " labels for a batch of " + n + " images");
        }
        int classes = network.classes();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " is out of range [0, "
                        + classes + ") for network '" + network.name() + "'");
            }
        }
    }

    /**
     * @param lr a learning rate
     * @throws IllegalArgumentException unless it is positive and finite
     */
    public static void learningRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + lr);
        }
    }
}
