package com.example.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Padding;
import io.github.resnetspi.api.presets.Presets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The sample backend's plan: one visitor over the api's ops, geometry and names from the api")
class PlanTest {
    @Test
    @DisplayName("one line per node of resnet-tiny, with the window geometry and the tensor names the api defines")
    void resnetTiny() {
        Network net = Presets.build("resnet-tiny");
        List<String> plan = Plan.of(net);
        assertThat(plan).hasSize(net.nodes().size());
        assertThat(plan.get(0)).isEqualTo("stem.conv: conv 3x3/1 pad(1,1) 28x28 -> 28x28 with stem.conv.weight");
        assertThat(plan).contains("stem.pool: max pool 3x3/2 pad(1,1) 28x28 -> 14x14",
                "stem.bn: batch norm eps 1.0E-5 momentum 0.1 with stem.bn.running_mean, stem.bn.running_var");
        assertThat(plan.get(plan.size() - 1)).isEqualTo("fc: dense 10 with fc.weight + fc.bias");
    }

    @Test
    @DisplayName("an exclude-pad average pool's corner divides by its real cells only")
    void avgPoolDivisor() {
        var b = Network.builder("pool", 1, 4, 4);
        Network net = b.build(b.avgPool("pool", Network.INPUT, 3, 1, Padding.symmetric(1), false));
        assertThat(Plan.of(net)).containsExactly("pool: avg pool 3x3/1 pad(1,1) 4x4 -> 4x4, divisor 4.0 at the corner");
    }
}
