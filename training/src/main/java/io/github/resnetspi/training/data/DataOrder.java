package io.github.resnetspi.training.data;

import io.github.resnetspi.api.init.SplitMix64;

/**
 * The order in which a training epoch visits the examples: a Fisher–Yates shuffle driven by SplitMix64 seeded from
 * the run's seed and the epoch number only. So every backend sees the same batches, and a resumed run reproduces
 * the order of epoch {@code e} without any saved generator state.
 */
public final class DataOrder {
    /** Name recorded in checkpoints, so a future change of algorithm is detected on resume. */
    public static final String ALGORITHM = "splitmix64-fisher-yates(seed, epoch) v1";

    private DataOrder() {
    }

    /** A permutation of {@code 0..n-1} for (0-based) epoch {@code epoch}. */
    public static int[] permutation(long seed, int epoch, int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplitMix64 rng = new SplitMix64(SplitMix64.mix(seed ^ SplitMix64.mix(0x243F6A8885A308D3L + epoch)));
        for (int i = n - 1; i > 0; i--) {
            int j = (int) Long.remainderUnsigned(rng.nextLong(), i + 1L);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
