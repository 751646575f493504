package io.github.resnetspi.cli.inference;

import java.util.Arrays;

/**
 * Percentiles by the nearest-rank definition: the p-th percentile of n samples is the sample at rank
 * {@code ceil(p/100 · n)} (1-based) in ascending order, the 0th the smallest. Always one of the samples, never an
 * interpolation (numpy's {@code percentile(..., method="inverted_cdf")} gives the same).
 */
public final class Percentiles {
    private Percentiles() {
    }

    /**
     * @param samples at least one value
     * @param p       the percentile, in [0, 100]
     * @return the sample at rank {@code max(1, ceil(p/100 · n))} of the sorted samples
     */
    public static double nearestRank(double[] samples, double p) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("a percentile of no samples");
        }
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("a percentile must be in [0, 100], got " + p);
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        // p·n/100 in exact decimal steps: 90 · 10 / 100 is 9, not 9.000000000000002
        int rank = (int) Math.ceil(Math.round(p * sorted.length * 1e6) / 1e8);
        return sorted[Math.max(1, rank) - 1];
    }
}
