package io.github.resnetspi.api.init;

/**
 * SplitMix64 (Steele, Lea, Flood 2014), written out here so that initial weights and data order never depend on a
 * JDK's generator implementation. Not thread-safe.
 */
public final class SplitMix64 {
    private long state;

    /** @param seed the initial state */
    public SplitMix64(long seed) {
        this.state = seed;
    }

    /**
     * The generator's output function: a bijective 64-bit mix, also useful to derive seeds.
     *
     * @param z any value
     * @return its mix
     */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** @return the next 64 random bits */
    public long nextLong() {
        return mix(state += 0x9E3779B97F4A7C15L);
    }

    /** @return the next value, uniform in [0, 1) with 53 random bits */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }
}
