package io.github.resnetspi.bench;

/**
 * The same network and training step written directly against an engine's own API, the yardstick a backend's
 * throughput is measured against. One instance holds one compiled network.
 */
public interface DirectBaseline extends AutoCloseable {

    /** A short description printed next to the numbers, e.g. "DJL blocks + Trainer (PyTorch)". */
    String description();

    /** One training step on the given NCHW batch (float32, row-major) with these class labels. */
    void trainStep(float[] images, int[] labels);

    @Override
    void close();
}
