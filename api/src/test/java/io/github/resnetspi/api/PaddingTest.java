package io.github.resnetspi.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.graph.Padding;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PaddingTest {
    @Test
    @DisplayName("TF-'SAME' pads a stride-2 7x7 conv on 224 by 2 before and 3 after, unlike PyTorch's 3/3")
    void tfSameStride2() {
        assertThat(Padding.tfSame(224, 224, 7, 7, 2, 2)).isEqualTo(new Padding(2, 3, 2, 3));
        assertThat(Padding.tfSame(224, 224, 7, 7, 2, 2)).isNotEqualTo(Padding.symmetric(3));
    }

    @Test
    @DisplayName("TF-'SAME' for stride 1 pads k-1 in total, the extra cell after")
    void tfSameStride1() {
        assertThat(Padding.tfSame(28, 28, 3, 3, 1, 1)).isEqualTo(Padding.symmetric(1));
        assertThat(Padding.tfSame(28, 28, 2, 2, 1, 1)).isEqualTo(new Padding(0, 1, 0, 1));
        assertThat(Padding.tfSame(13, 13, 3, 3, 2, 2)).isEqualTo(Padding.symmetric(1));
        assertThat(Padding.tfSame(14, 14, 1, 1, 2, 2)).isEqualTo(Padding.NONE);
    }
}
