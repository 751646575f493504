package io.github.resnetspi.training.data;

import io.github.resnetspi.api.init.SplitMix64;

/**
 * A generated dataset that needs no files: grey 28×28 images in 10 classes, class {@code k} a bright horizontal bar
 * at row band {@code k} over uniform noise, so a small network learns it within an epoch. Fully determined by the
 * seed (SplitMix64), hence identical for every backend and run.
 */
public final class Synthetic {
    public static final String NAME = "synthetic";
    public static final int SIZE = 28;
    public static final int CLASSES = 10;

    private Synthetic() {
    }

    /** {@code train} training and {@code test} test examples from {@code seed}. */
    public static TrainTest generate(int train, int test, long seed) {
        return new TrainTest(make(NAME + "/train", train, seed), make(NAME + "/test", test, seed ^ 0x5DEECE66DL),
                "generated from seed " + seed);
    }

    private static Dataset make(String name, int n, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        byte[] pixels = new byte[n * SIZE * SIZE];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int label = (int) Long.remainderUnsigned(rng.nextLong(), CLASSES);
            labels[i] = label;
            int bandTop = 1 + label * 26 / CLASSES;
            for (int p = 0; p < SIZE * SIZE; p++) {
                int noise = (int) (rng.nextLong() >>> 58); // 0..63
                int row = p / SIZE;
                int v = row >= bandTop && row < bandTop + 2 ? 160 + noise : noise;
                pixels[i * SIZE * SIZE + p] = (byte) v;
            }
        }
        return new Dataset(name, 1, SIZE, SIZE, CLASSES, pixels, labels);
    }
}
