package io.github.resnetspi.cli.report;

import java.util.Locale;

/**
 * Whether two backends' final test accuracies differ by more than their seed-to-seed spread: Welch's t-test at
 * {@code alpha} (see {@link WelchTest}) over the finished runs of each. With fewer than two runs on a side there is
 * no spread to compare against and the pair is not tested; with two the test is valid but weak (few degrees of
 * freedom, a large critical t), so only large differences are detected.
 *
 * @param test    null when not testable
 * @param verdict one sentence for the report
 */
public record Difference(String a, String b, int runsA, int runsB, WelchTest test, String verdict) {

    public static Difference of(BackendSummary a, BackendSummary b, double alpha) {
        Summary x = a.testAccuracy();
        Summary y = b.testAccuracy();
        if (!WelchTest.testable(x, y)) {
            return new Difference(a.backend(), b.backend(), x.n(), y.n(), null, String.format(Locale.ROOT,
                    "not tested: needs at least 2 finished runs of each (has %d and %d; use --repeat 3 or more)",
                    x.n(), y.n()));
        }
        WelchTest t = WelchTest.of(x, y, alpha);
        String verdict;
        if (t.significant()) {
            verdict = String.format(Locale.ROOT, "differs beyond seed noise: %s is %s by %.4f (p %s, α = %.2f)", a.backend(),
                    t.difference() > 0 ? "higher" : "lower", Math.abs(t.difference()), p(t.p()), alpha);
        } else {
            verdict = String.format(Locale.ROOT, "within seed noise (p %s, α = %.2f)", p(t.p()), alpha);
        }
        if (Math.min(x.n(), y.n()) == 2) {
            verdict += "; with 2 runs only large differences are detected";
        }
        return new Difference(a.backend(), b.backend(), x.n(), y.n(), t, verdict);
    }

    /** {@code = 0.0042}, or {@code < 0.0001}. */
    static String p(double p) {
        return p < 0.0001 ? "< 0.0001" : String.format(Locale.ROOT, "= %.4f", p);
    }
}
