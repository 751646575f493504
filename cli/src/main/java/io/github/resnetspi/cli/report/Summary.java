package io.github.resnetspi.cli.report;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * Count, mean, sample standard deviation (n − 1 in the denominator; 0 for a single value), minimum, maximum and
 * median of a set of values, e.g. one backend's final test accuracies over its seeds.
 */
public record Summary(int n, double mean, double sd, double min, double max, double median) {
    /** The summary of no values: n 0, every statistic NaN. */
    public static final Summary EMPTY = new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static Summary of(Collection<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public static Summary of(double... values) {
        int n = values.length;
        if (n == 0) {
            return EMPTY;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : sorted) {
            squares += (v - mean) * (v - mean);
        }
        double sd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Summary(n, mean, sd, sorted[0], sorted[n - 1], median);
    }

    /** Sample variance (0 for a single value). */
    public double variance() {
        return sd * sd;
    }

    /** {@code 0.9123 ± 0.0031 [0.9090–0.9150]}; one value alone; an empty summary is {@code n/a}. */
    public String format(int decimals) {
        if (n == 0) {
            return "n/a";
        }
        String f = "%." + decimals + "f";
        if (n == 1) {
            return String.format(Locale.ROOT, f, mean);
        }
        return String.format(Locale.ROOT, f + " ± " + f + " [" + f + "–" + f + "]", mean, sd, min, max);
    }

    /** {@code 4512.3 [4400.1–4600.2]}: the median and the range. */
    public String formatMedian(int decimals) {
        if (n == 0) {
            return "n/a";
        }
        String f = "%." + decimals + "f";
        if (n == 1) {
            return String.format(Locale.ROOT, f, median);
        }
        return String.format(Locale.ROOT, f + " [" + f + "–" + f + "]", median, min, max);
    }
}
