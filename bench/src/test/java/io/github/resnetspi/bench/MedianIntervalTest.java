package io.github.resnetspi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MedianIntervalTest {

    private static List<Double> oneTo(int n) {
        List<Double> v = new ArrayList<>(IntStream.rangeClosed(1, n).mapToObj(i -> (double) i).toList());
        Collections.shuffle(v, new Random(n));
        return v;
    }

    @Test
    @DisplayName("the coverage of the k-th order statistics is the binomial formula (n = 15: k = 4 covers 96.48 %)")
    void binomialCoverage() {
        // P(Bin(15, 1/2) <= 3) = (1 + 15 + 105 + 455) / 32768 = 576 / 32768
        assertThat(MedianInterval.coverage(15, 4)).isCloseTo(1 - 2 * 576.0 / 32768, within(1e-12));
        assertThat(MedianInterval.coverage(15, 1)).isCloseTo(1 - 2 / 32768.0, within(1e-12));
    }

    @Test
    @DisplayName("15 rounds give the 4th smallest to the 4th largest, the largest k that keeps 95 %")
    void fifteenRounds() {
        MedianInterval ci = MedianInterval.of(oneTo(15), 0.95);
        assertThat(ci.low()).isEqualTo(4.0);
        assertThat(ci.high()).isEqualTo(12.0);
        assertThat(MedianInterval.coverage(15, 5)).isLessThan(0.95); // k = 5 would not do
    }

    @Test
    @DisplayName("too few rounds for 95 %: the whole range, with the coverage it really has")
    void fewRounds() {
        MedianInterval ci = MedianInterval.of(oneTo(5), 0.95);
        assertThat(ci.low()).isEqualTo(1.0);
        assertThat(ci.high()).isEqualTo(5.0);
        assertThat(ci.coverage()).isCloseTo(1 - 2 / 32.0, within(1e-12));
    }

    @Test
    @DisplayName("over many noisy samples, the interval holds the true median about as often as it says")
    void coverageHolds() {
        Random r = new Random(7);
        int hits = 0;
        int trials = 4000;
        for (int t = 0; t < trials; t++) {
            List<Double> v = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                v.add(Math.exp(r.nextGaussian() * 0.2)); // log-normal, median 1
            }
            MedianInterval ci = MedianInterval.of(v, 0.95);
            if (ci.low() <= 1 && 1 <= ci.high()) {
                hits++;
            }
        }
        double expected = MedianInterval.of(oneTo(21), 0.95).coverage();
        assertThat((double) hits / trials).isCloseTo(expected, within(0.015));
    }

    @Test
    @DisplayName("no values is an error")
    void empty() {
        assertThatThrownBy(() -> MedianInterval.of(List.of(), 0.95)).isInstanceOf(IllegalArgumentException.class);
    }
}
