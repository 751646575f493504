package io.github.resnetspi.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A distribution-free confidence interval for the median of measured rounds: the k-th smallest and k-th largest of
 * n values cover the true median with probability {@code 1 − 2·P(Binomial(n, ½) ≤ k − 1)}, whatever the noise's
 * distribution. The largest such k (the narrowest interval) that still reaches the asked coverage is taken; with too
 * few rounds for it, the whole range is returned with the (lower) coverage it has.
 *
 * @param low      the k-th smallest value
 * @param high     the k-th largest value
 * @param coverage the probability that {@code [low, high]} holds the median
 */
public record MedianInterval(double low, double high, double coverage) {

    /** @return the interval of {@code values} (at least one) with coverage {@code ≥ wanted}, when n allows it */
    public static MedianInterval of(List<Double> values, double wanted) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int n = s.size();
        int k = 1;
        while (k + 1 <= (n + 1) / 2 && coverage(n, k + 1) >= wanted) {
            k++;
        }
        return new MedianInterval(s.get(k - 1), s.get(n - k), coverage(n, k));
    }

    /** {@code 1 − 2·P(Binomial(n, ½) ≤ k − 1)}, capped below at 0 for k past the middle. */
    static double coverage(int n, int k) {
        double tail = 0;
        double term = Math.pow(0.5, n); // C(n, 0) / 2^n
        for (int i = 0; i < k; i++) {
            tail += term;
            term = term * (n - i) / (i + 1);
        }
        return Math.max(0, 1 - 2 * tail);
    }
}
