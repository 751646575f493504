package io.github.resnetspi.training.data;

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
        long state = SplitMix.mix(seed ^ SplitMix.mix(0x243F6A8885A308D3L + epoch));
        for (int i = n - 1; i > 0; i--) {
            state = SplitMix.next(state);
            int j = (int) Long.remainderUnsigned(SplitMix.mix(state), i + 1L);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
