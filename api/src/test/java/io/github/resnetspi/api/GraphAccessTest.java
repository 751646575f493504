package io.github.resnetspi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resnetspi.api.graph.Add;
import io.github.resnetspi.api.graph.AvgPool2d;
import io.github.resnetspi.api.graph.BatchNorm2d;
import io.github.resnetspi.api.graph.Conv2d;
import io.github.resnetspi.api.graph.Dense;
import io.github.resnetspi.api.graph.Flatten;
import io.github.resnetspi.api.graph.GlobalAvgPool;
import io.github.resnetspi.api.graph.MaxPool2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.OpVisitor;
import io.github.resnetspi.api.graph.ParameterKind;
import io.github.resnetspi.api.graph.Relu;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How backends walk a network: the visitor, parameter names, typed node queries. */
class GraphAccessTest {

    /** Names the visited method, so a test can see that every op reaches its own method. */
    private static final OpVisitor<String> NAMES = new OpVisitor<>() {
        @Override
        public String conv(Node node, Conv2d op) {
            return "conv";
        }

        @Override
        public String batchNorm(Node node, BatchNorm2d op) {
            return "batchNorm";
        }

        @Override
        public String relu(Node node, Relu op) {
            return "relu";
        }

        @Override
        public String add(Node node, Add op) {
            return "add";
        }

        @Override
        public String maxPool(Node node, MaxPool2d op) {
            return "maxPool";
        }

        @Override
        public String avgPool(Node node, AvgPool2d op) {
            return "avgPool";
        }

        @Override
        public String globalAvgPool(Node node, GlobalAvgPool op) {
            return "globalAvgPool";
        }

        @Override
        public String flatten(Node node, Flatten op) {
            return "flatten";
        }

        @Override
        public String dense(Node node, Dense op) {
            return "dense";
        }
    };

    @Test
    @DisplayName("every op kind dispatches to its own visitor method")
    void visitorDispatch() {
        Set<String> seen = new LinkedHashSet<>();
        for (String preset : new String[] {"d2l-resnet18", "gluon-resnet18-cifar10"}) {
            for (Node n : Presets.build(preset).nodes()) {
                String m = n.accept(NAMES);
                assertThat(m.toLowerCase()).as(n.name()).isEqualTo(n.op().kind().replace("2d", ""));
                seen.add(m);
            }
        }
        assertThat(seen).containsExactlyInAnyOrder("conv", "batchNorm", "relu", "add", "maxPool", "avgPool",
                "globalAvgPool", "flatten", "dense");
    }

    @Test
    @DisplayName("nodes name their tensors; a missing optional tensor is a clear error")
    void parameterNames() {
        Network net = Presets.build("d2l-resnet18");
        Node conv = net.node("stage2.block0.conv1");
        assertThat(conv.parameterName(ParameterKind.CONV_WEIGHT)).isEqualTo("stage2.block0.conv1.weight");
        assertThat(conv.parameterName(ParameterKind.BIAS)).isEqualTo("stage2.block0.conv1.bias");
        Node bn = net.node("stem.bn");
        assertThat(bn.parameterName(ParameterKind.BN_GAMMA)).isEqualTo("stem.bn.weight");
        assertThat(bn.parameterName(ParameterKind.BN_BETA)).isEqualTo("stem.bn.bias");
        assertThat(bn.parameterName(ParameterKind.RUNNING_MEAN)).isEqualTo("stem.bn.running_mean");
        assertThat(bn.parameterName(ParameterKind.RUNNING_VAR)).isEqualTo("stem.bn.running_var");
        Node torchConv = Presets.build("resnet18").node("stem.conv");
        assertThat(torchConv.hasParameter(ParameterKind.BIAS)).isFalse();
        assertThatThrownBy(() -> torchConv.parameterName(ParameterKind.BIAS))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'stem.conv'").hasMessageContaining("BIAS");
    }

    @Test
    @DisplayName("nodesOf selects nodes by op type, in node order")
    void nodesOf() {
        Network net = Presets.build("resnet-tiny");
        assertThat(net.nodesOf(BatchNorm2d.class)).extracting(Node::name)
                .startsWith("stem.bn", "stage1.block0.bn1").allMatch(n -> n.contains("bn"));
        assertThat(net.nodesOf(Dense.class)).extracting(Node::name).containsExactly("fc");
    }

    @Test
    @DisplayName("NamedTensors.single() returns the only tensor and refuses sets of another size")
    void single() {
        FloatTensor t = FloatTensor.zeros(Shape.of(2, 3));
        assertThat(NamedTensors.of(Map.of("fc", t)).single()).isSameAs(t);
        assertThatThrownBy(() -> NamedTensors.empty().single()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exactly one");
    }
}
