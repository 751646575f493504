package io.github.resnetspi.cli.report;

/**
 * Welch's unequal-variance t-test of two means, two-sided: {@code t = (mean_a − mean_b) / se} with
 * {@code se² = s_a²/n_a + s_b²/n_b}, Welch–Satterthwaite degrees of freedom, and the p-value and critical value from
 * {@link StudentT}. The difference is <em>significant</em> when {@code p < alpha}, i.e. {@code |t|} exceeds the
 * critical value: the gap between the two means is larger than their seed-to-seed spread explains.
 *
 * <p>It needs at least two values on each side (a spread to compare against). When both sides have no spread at
 * all, equal means are not significant (p = 1) and different means are (p = 0): identical runs differ by nothing,
 * and a constant offset with no noise is a real difference.
 *
 * @param t        the statistic (NaN when untestable)
 * @param df       Welch–Satterthwaite degrees of freedom (NaN when there is no spread)
 * @param p        two-sided p-value
 * @param critical the critical |t| at {@code alpha} for {@code df} (NaN when df is)
 */
public record WelchTest(double difference, double t, double df, double p, double critical, double alpha) {

    /** Whether at least two values per side make the test possible. */
    public static boolean testable(Summary a, Summary b) {
        return a.n() >= 2 && b.n() >= 2;
    }

    public static WelchTest of(Summary a, Summary b, double alpha) {
        if (!testable(a, b)) {
            throw new IllegalArgumentException("Welch's test needs at least 2 values per side, got " + a.n() + " and " + b.n());
        }
        double diff = a.mean() - b.mean();
        double va = a.variance() / a.n();
        double vb = b.variance() / b.n();
        double se2 = va + vb;
        if (se2 == 0) {
            return new WelchTest(diff, diff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, diff), Double.NaN,
                    diff == 0 ? 1 : 0, Double.NaN, alpha);
        }
        double t = diff / Math.sqrt(se2);
        double df = se2 * se2 / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
        return new WelchTest(diff, t, df, StudentT.twoSidedP(t, df), StudentT.criticalValue(alpha, df), alpha);
    }

    public boolean significant() {
        return p < alpha;
    }
}
