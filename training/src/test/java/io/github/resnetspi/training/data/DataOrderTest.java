package io.github.resnetspi.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Data order")
class DataOrderTest {
    @Test
    @DisplayName("is a permutation fixed by (seed, epoch) and different across epochs and seeds")
    void permutation() {
        int[] a = DataOrder.permutation(7, 0, 1000);
        assertThat(Arrays.stream(a).sorted().toArray()).isEqualTo(java.util.stream.IntStream.range(0, 1000).toArray());
        assertThat(DataOrder.permutation(7, 0, 1000)).isEqualTo(a);
        assertThat(DataOrder.permutation(7, 1, 1000)).isNotEqualTo(a);
        assertThat(DataOrder.permutation(8, 0, 1000)).isNotEqualTo(a);
    }

    @Test
    @DisplayName("the synthetic dataset is the same for the same seed")
    void synthetic() {
        TrainTest a = Synthetic.generate(50, 10, 3);
        TrainTest b = Synthetic.generate(50, 10, 3);
        assertThat(a.train().example(17)).isEqualTo(b.train().example(17));
        assertThat(a.train().label(17)).isEqualTo(b.train().label(17));
    }
}
