package io.github.resnetspi.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resnetspi.api.graph.InvalidNetworkException;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.NetworkBuilder;
import io.github.resnetspi.api.graph.Padding;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InvalidNetworkTest {

    private static NetworkBuilder builder() {
        return Network.builder("bad", 3, 8, 8);
    }

    @Test
    @DisplayName("an add of tensors with different channel counts is rejected, naming the add node and both shapes")
    void channelMismatchAtAdd() {
        NetworkBuilder b = builder();
        String a = b.conv("a", Network.INPUT, 4, 3, 1, 1, false);
        String c = b.conv("c", Network.INPUT, 5, 3, 1, 1, false);
        assertThatThrownBy(() -> b.add("block.add", a, c))
                .isInstanceOf(InvalidNetworkException.class)
                .hasMessageContaining("'block.add'").hasMessageContaining("channel mismatch")
                .hasMessageContaining("(4, 8, 8)").hasMessageContaining("(5, 8, 8)");
    }

    @Test
    @DisplayName("a layer whose output would be empty is rejected, naming the layer")
    void nonPositiveOutput() {
        NetworkBuilder b = builder();
        assertThatThrownBy(() -> b.conv("huge", Network.INPUT, 4, 11, 1, 0, false))
                .isInstanceOf(InvalidNetworkException.class)
                .hasMessageContaining("'huge'").hasMessageContaining("non-positive output size");
        assertThatThrownBy(() -> b.maxPool("pool", Network.INPUT, 3, 2, Padding.symmetric(3)))
                .hasMessageContaining("'pool'").hasMessageContaining("smaller than the kernel");
    }

    @Test
    @DisplayName("an input that names no earlier node is rejected as dangling")
    void danglingInput() {
        NetworkBuilder b = builder();
        assertThatThrownBy(() -> b.relu("r", "nowhere"))
                .isInstanceOf(InvalidNetworkException.class)
                .hasMessageContaining("'r'").hasMessageContaining("dangling input 'nowhere'");
    }

    @Test
    @DisplayName("two nodes with the same name are rejected")
    void duplicateNames() {
        NetworkBuilder b = builder();
        b.relu("r", Network.INPUT);
        assertThatThrownBy(() -> b.relu("r", Network.INPUT))
                .isInstanceOf(InvalidNetworkException.class).hasMessageContaining("'r'").hasMessageContaining("duplicate");
        assertThatThrownBy(() -> b.relu(Network.INPUT, "r")).hasMessageContaining("duplicate");
    }

    @Test
    @DisplayName("dense on an image without flatten, and a missing output node, are rejected")
    void otherMistakes() {
        NetworkBuilder b = builder();
        assertThatThrownBy(() -> b.dense("fc", Network.INPUT, 10, true))
                .hasMessageContaining("'fc'").hasMessageContaining("flatten");
        assertThatThrownBy(() -> b.build("r")).hasMessageContaining("has no nodes");
        b.relu("r", Network.INPUT);
        assertThatThrownBy(() -> b.build("nothing")).hasMessageContaining("'nothing'");
        assertThatThrownBy(() -> b.node("add1", new io.github.resnetspi.api.graph.Add(), Network.INPUT))
                .hasMessageContaining("'add1'").hasMessageContaining("takes 2 input(s)");
    }
}
