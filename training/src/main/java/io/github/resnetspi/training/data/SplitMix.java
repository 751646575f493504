package io.github.resnetspi.training.data;

/** SplitMix64 steps, written out so that data order never depends on a JDK's generator. */
final class SplitMix {
    private SplitMix() {
    }

    static long next(long state) {
        return state + 0x9E3779B97F4A7C15L;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
