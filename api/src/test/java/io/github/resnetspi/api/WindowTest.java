package io.github.resnetspi.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.graph.AvgPool2d;
import io.github.resnetspi.api.graph.Conv2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.NetworkBuilder;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.Padding;
import io.github.resnetspi.api.graph.Window;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one place that says how many real cells a pooling window holds: checked against hand-counted grids. */
class WindowTest {

    private static Window windowOf(int h, int w, AvgPool2d op) {
        NetworkBuilder b = Network.builder("w", 1, h, w);
        Network net = b.build(b.node("pool", op, Network.INPUT));
        return Window.of(net.node("pool")).orElseThrow();
    }

    @Test
    @DisplayName("a square 3x3/2 pool with padding 1 on 4x4 counts 4, 6, 6, 9 real cells per corner, edge and centre")
    void squareCounts() {
        Window w = windowOf(4, 4, AvgPool2d.square(3, 2, Padding.symmetric(1), false));
        assertThat(w.outH()).isEqualTo(2);
        assertThat(w.outW()).isEqualTo(2);
        // row 0 starts at -1 (2 real rows), row 1 at 1 (3 real rows); the same for columns
        assertThat(w.divisors(false)).containsExactly(4, 6, 6, 9);
        assertThat(w.divisors(true)).containsExactly(9, 9, 9, 9);
        assertThat(w.excludePadScale()).containsExactly(9f / 4, 9f / 6, 9f / 6, 1f);
    }

    @Test
    @DisplayName("a non-square kernel with asymmetric padding counts rows and columns separately (no H/W mix-up)")
    void asymmetricCounts() {
        // 2x3 kernel, stride 1x2, padding top 1, bottom 0, left 0, right 2, on a 3x4 input
        Window w = windowOf(3, 4, new AvgPool2d(2, 3, 1, 2, new Padding(1, 0, 0, 2), false));
        assertThat(w.outH()).isEqualTo(3); // (3 + 1 + 0 - 2) / 1 + 1
        assertThat(w.outW()).isEqualTo(2); // (4 + 0 + 2 - 3) / 2 + 1, floor mode
        // real rows per output row: rows -1..0 -> 1, 0..1 -> 2, 1..2 -> 2; real columns: 0..2 -> 3, 2..4 -> 2
        assertThat(w.divisors(false)).containsExactly(3, 2, 6, 4, 6, 4);
        assertThat(w.excludePadScale()).containsExactly(2f, 3f, 1f, 1.5f, 1f, 1.5f);
    }

    @Test
    @DisplayName("only convolution and pooling nodes have a window; withPadding recomputes the output size")
    void ofAndWithPadding() {
        NetworkBuilder b = Network.builder("c", 1, 10, 10);
        String c = b.conv("conv", Network.INPUT, new Conv2d(2, 3, 3, 2, 2, Padding.symmetric(1), false));
        Network net = b.build(b.relu("relu", c));
        Node conv = net.node("conv");
        Window w = Window.of(conv).orElseThrow();
        assertThat(w).isEqualTo(new Window(3, 3, 2, 2, Padding.symmetric(1), 10, 10, 5, 5));
        assertThat(w.withPadding(new Padding(0, 1, 0, 1)).outH()).isEqualTo(5);
        assertThat(w.withPadding(Padding.NONE).outH()).isEqualTo(4);
        assertThat(Window.of(net.node("relu"))).isEmpty();
    }
}
