package io.github.resnetspi.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.graph.BatchNorm2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.spi.Capabilities;
import io.github.resnetspi.api.spi.Capability;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's own cases are well-posed: they test semantics, not rounding noise. */
class KitCasesTest {

    private static long minValuesPerBnChannel(Network net, int batch) {
        return net.nodesOf(BatchNorm2d.class).stream().map(Node::inputShape)
                .mapToLong(s -> (long) batch * s.dim(1) * s.dim(2)).min().orElse(Long.MAX_VALUE);
    }

    @Test
    @DisplayName("every preset forward case normalises at least 8 values per BN channel in train mode (batch 2)")
    void presetForwardCasesAreWellConditioned() {
        BackendConformanceKit.presetForwardCases().forEach(c ->
                assertThat(minValuesPerBnChannel(BackendConformanceKit.presetAt(c), 2)).as(c).isGreaterThanOrEqualTo(8));
    }

    @Test
    @DisplayName("every preset training case normalises at least 16 values per BN channel")
    void stepCasesAreWellConditioned() {
        BackendConformanceKit.stepCases().filter(c -> !c.startsWith("op:")).forEach(c ->
                assertThat(minValuesPerBnChannel(BackendConformanceKit.presetAt(c), BackendConformanceKit.STEP_BATCH))
                        .as(c).isGreaterThanOrEqualTo(16));
    }

    @Test
    @DisplayName("the per-op cases cover every op kind and every capability a backend may lack (except GPU and all-node outputs)")
    void opCasesCoverEveryOpAndCapability() {
        assertThat(OpCase.all().stream().flatMap(o -> o.network().nodes().stream()).map(n -> n.op().kind()).distinct())
                .containsExactlyInAnyOrder("conv2d", "batchnorm2d", "relu", "add", "maxpool2d", "avgpool2d",
                        "globalavgpool", "flatten", "dense");
        assertThat(OpCase.all().stream().flatMap(o -> Capabilities.requiredBy(o.network()).keySet().stream()).distinct())
                .containsExactlyInAnyOrder(Capability.ASYMMETRIC_PADDING, Capability.AVG_POOL_INCLUDE_PAD,
                        Capability.AVG_POOL_EXCLUDE_PAD);
    }

    @Test
    @DisplayName("the stride-2 'SAME' trap cases really differ: TensorFlow's split of their padding is asymmetric")
    void sameTrapCasesAreAsymmetricUnderTfSame() {
        for (String id : new String[] {"conv3x3-stride2-pad1-nobias-even", "conv7x7-stride2-pad3-bias", "maxpool3x3-stride2-pad1-negative"}) {
            Network net = OpCase.get(id).network();
            Node n = net.nodes().get(0);
            int k = id.startsWith("conv7") ? 7 : 3;
            assertThat(io.github.resnetspi.api.graph.Padding.tfSame(n.inputShape().dim(1), n.inputShape().dim(2), k, k, 2, 2)
                    .isSymmetric()).as(id).isFalse();
        }
    }
}
