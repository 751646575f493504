package io.github.resnetspi.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Statistics of the comparison report")
class StatisticsTest {

    @Test
    @DisplayName("summary: mean, sample sd (n − 1), range and median")
    void summary() {
        Summary s = Summary.of(0.9, 0.91, 0.905, 0.895);
        assertThat(s.n()).isEqualTo(4);
        assertThat(s.mean()).isCloseTo(0.9025, offset(1e-12));
        assertThat(s.sd()).isCloseTo(Math.sqrt((0.0025 * 0.0025 + 0.0075 * 0.0075 + 0.0025 * 0.0025 + 0.0075 * 0.0075) / 3), offset(1e-12));
        assertThat(s.min()).isEqualTo(0.895);
        assertThat(s.max()).isEqualTo(0.91);
        assertThat(s.median()).isCloseTo(0.9025, offset(1e-12));
        assertThat(Summary.of(3.0).sd()).isZero();
        assertThat(Summary.of(3.0).format(2)).isEqualTo("3.00");
        assertThat(Summary.of(1, 2, 3).format(1)).isEqualTo("2.0 ± 1.0 [1.0–3.0]");
        assertThat(Summary.of(1, 2, 10).formatMedian(1)).isEqualTo("2.0 [1.0–10.0]");
        assertThat(Summary.of(new double[0]).format(1)).isEqualTo("n/a");
    }

    @ParameterizedTest(name = "df {0}: t(0.975) = {1}")
    @CsvSource({"1, 12.7062047", "2, 4.30265273", "4, 2.77644511", "10, 2.22813885", "30, 2.04227246", "1000, 1.96233908"})
    @DisplayName("critical values of Student's t match the published table")
    void criticalValues(double df, double expected) {
        assertThat(StudentT.criticalValue(0.05, df)).isCloseTo(expected, offset(1e-6));
    }

    @Test
    @DisplayName("two-sided p-values match the closed forms for 1, 2 and 4 degrees of freedom")
    void pValues() {
        // df 1 (Cauchy): p = 1 − 2·atan(t)/π; df 2: p = 1 − t/√(2 + t²)
        assertThat(StudentT.twoSidedP(1, 1)).isCloseTo(0.5, offset(1e-10));
        assertThat(StudentT.twoSidedP(3, 1)).isCloseTo(1 - 2 * Math.atan(3) / Math.PI, offset(1e-10));
        assertThat(StudentT.twoSidedP(2, 2)).isCloseTo(1 - 2 / Math.sqrt(6), offset(1e-10));
        // df 4: F(t) = 1/2 + (3/8)·u·(1 − t²/(12·(1 + t²/4))), u = t/√(1 + t²/4)
        double t = 4.898979485566356;
        double u = t / Math.sqrt(1 + t * t / 4);
        double cdf = 0.5 + 0.375 * u * (1 - t * t / (12 * (1 + t * t / 4)));
        assertThat(StudentT.twoSidedP(t, 4)).isCloseTo(2 * (1 - cdf), offset(1e-10));
        assertThat(StudentT.twoSidedP(0, 7.3)).isCloseTo(1, offset(1e-12));
        assertThat(StudentT.twoSidedP(-2, 2)).isEqualTo(StudentT.twoSidedP(2, 2));
        assertThat(StudentT.twoSidedP(Double.POSITIVE_INFINITY, 3)).isZero();
    }

    @Test
    @DisplayName("Welch's test detects a known difference between two sets of seeds")
    void knownDifference() {
        Summary a = Summary.of(0.89, 0.90, 0.91);
        Summary b = Summary.of(0.85, 0.86, 0.87);
        WelchTest w = WelchTest.of(a, b, 0.05);
        assertThat(w.difference()).isCloseTo(0.04, offset(1e-12));
        assertThat(w.t()).isCloseTo(4.898979485566356, offset(1e-9));
        assertThat(w.df()).isCloseTo(4, offset(1e-9));
        assertThat(w.critical()).isCloseTo(2.77644511, offset(1e-6));
        assertThat(w.p()).isCloseTo(0.00805, offset(1e-5));
        assertThat(w.significant()).isTrue();
    }

    @Test
    @DisplayName("identical runs are never called different; overlapping noisy runs are not either")
    void noDifference() {
        WelchTest same = WelchTest.of(Summary.of(0.9, 0.91, 0.905), Summary.of(0.9, 0.91, 0.905), 0.05);
        assertThat(same.t()).isZero();
        assertThat(same.p()).isEqualTo(1.0);
        assertThat(same.significant()).isFalse();
        WelchTest constant = WelchTest.of(Summary.of(0.9, 0.9, 0.9), Summary.of(0.9, 0.9, 0.9), 0.05);
        assertThat(constant.significant()).isFalse();
        WelchTest noisy = WelchTest.of(Summary.of(0.88, 0.90, 0.92), Summary.of(0.87, 0.89, 0.925), 0.05);
        assertThat(noisy.p()).isGreaterThan(0.5);
        assertThat(noisy.significant()).isFalse();
    }

    @Test
    @DisplayName("unequal spreads: Welch–Satterthwaite degrees of freedom; no spread but a constant offset is a difference")
    void unequal() {
        // var_a/n = 1e-4/3, var_b/n = 0: df = n_a − 1
        WelchTest w = WelchTest.of(Summary.of(0.89, 0.90, 0.91), Summary.of(0.8, 0.8, 0.8, 0.8), 0.05);
        assertThat(w.df()).isCloseTo(2, offset(1e-9));
        assertThat(w.significant()).isTrue();
        WelchTest offsetOnly = WelchTest.of(Summary.of(0.9, 0.9), Summary.of(0.8, 0.8), 0.05);
        assertThat(offsetOnly.p()).isZero();
        assertThat(offsetOnly.significant()).isTrue();
    }

    @Test
    @DisplayName("fewer than two runs on a side: not testable, and the verdict says how many runs it needs")
    void tooFew() {
        assertThat(WelchTest.testable(Summary.of(0.9), Summary.of(0.8, 0.81))).isFalse();
        assertThatThrownBy(() -> WelchTest.of(Summary.of(0.9), Summary.of(0.8, 0.81), 0.05))
                .hasMessageContaining("at least 2 values per side");
    }
}
