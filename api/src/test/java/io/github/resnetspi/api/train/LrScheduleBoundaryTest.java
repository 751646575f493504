package io.github.resnetspi.api.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The schedules at their boundaries, against docs/semantics.md's formulas written out again here: an off-by-one in
 * the epoch a step belongs to (a decay one epoch early or late, a warm-up that ends a step late) moves the rate at
 * exactly these points. Property-style: every step period, factor and boundary of a seeded draw, each just before,
 * at and just after the boundary.
 */
class LrScheduleBoundaryTest {

    @Test
    @DisplayName("step decay: the rate changes exactly at every k-th epoch boundary, never before, as base·γ^⌊⌊t⌋/k⌋")
    void stepDecayChangesExactlyAtItsBoundaries() {
        SplittableRandom rng = new SplittableRandom(27);
        for (int draw = 0; draw < 50; draw++) {
            int k = 1 + rng.nextInt(4);
            double gamma = 0.05 + 0.9 * rng.nextDouble();
            double base = 0.01 + rng.nextDouble();
            LrSchedule s = LrSchedule.stepDecay(k, gamma);
            for (int epoch = 0; epoch <= 4 * k; epoch++) {
                double expected = base;
                for (int i = 0; i < epoch / k; i++) {
                    expected *= gamma;
                }
                String at = "k=" + k + ", gamma=" + gamma + ", epoch " + epoch;
                assertThat(s.rate(base, epoch)).as(at).isCloseTo(expected, within(1e-15 * base));
                // the last step of the epoch still has the epoch's rate
                assertThat(s.rate(base, Math.nextDown(epoch + 1.0))).as(at + ", its last instant").isEqualTo(s.rate(base, epoch));
                if (epoch > 0) {
                    boolean boundary = epoch % k == 0;
                    double before = s.rate(base, Math.nextDown((double) epoch));
                    assertThat(before).as(at + ": the instant before").isCloseTo(boundary ? expected / gamma : expected,
                            within(1e-15 * base));
                }
                Sgd sgd = new Sgd(base, 0.9, 0, s);
                assertThat(sgd.learningRateAt(epoch)).as(at + ": by epoch and by progress").isEqualTo(sgd.learningRateAt((double) epoch));
            }
        }
    }

    @Test
    @DisplayName("warm-up then linear decay: 0.1·base at t = 0, base at t = W from both sides, positive up to T, 0 at T")
    void warmupLinearAtItsBoundaries() {
        SplittableRandom rng = new SplittableRandom(28);
        for (int draw = 0; draw < 50; draw++) {
            double total = 1 + rng.nextInt(6);
            double warmup = rng.nextDouble() * total * 0.9;
            double base = 0.01 + rng.nextDouble();
            LrSchedule s = LrSchedule.warmupLinear(warmup, total);
            String at = "W=" + warmup + ", T=" + total;
            double tol = 1e-12 * base;
            if (warmup > 0) {
                assertThat(s.rate(base, 0)).as(at + ", t=0").isCloseTo(0.1 * base, within(tol));
                assertThat(s.rate(base, Math.nextDown(warmup))).as(at + ", just before W").isCloseTo(base,
                        within(1e-9 * base));
            }
            assertThat(s.rate(base, warmup)).as(at + ", at W").isCloseTo(base, within(tol));
            // the decay: base·(T − t)/(T − W), step by step
            for (int i = 1; i < 10; i++) {
                double t = warmup + (total - warmup) * i / 10;
                assertThat(s.rate(base, t)).as(at + ", t=" + t).isCloseTo(base * (total - t) / (total - warmup),
                        within(tol));
            }
            assertThat(s.rate(base, Math.nextDown(total))).as(at + ", just before T").isPositive();
            assertThat(s.rate(base, total)).as(at + ", at T").isZero();
        }
    }
}
