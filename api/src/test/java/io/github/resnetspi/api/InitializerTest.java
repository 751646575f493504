package io.github.resnetspi.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.init.Initializer;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InitializerTest {

    private static String digest(NamedTensors t) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (var e : t.asMap().entrySet()) {
            md.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            ByteBuffer buf = ByteBuffer.allocate(e.getValue().size() * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(e.getValue().buffer());
            md.update(buf);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    @DisplayName("the same seed gives the same bytes; another seed gives other weights")
    void deterministic() throws Exception {
        Network net = Presets.build("d2l-resnet18");
        String a = digest(Initializer.initialize(net, 42));
        String b = digest(Initializer.initialize(net, 42));
        String c = digest(Initializer.initialize(net, 43));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    @DisplayName("the bytes are pinned: a change of the scheme is a visible, deliberate change")
    void pinnedValues() {
        Network net = Presets.build("resnet-tiny");
        FloatTensor w = Initializer.initialize(net, 0).get("stem.conv.weight");
        // First values of SplitMix64(0 ^ fnv1a("stem.conv.weight")) mapped to U(-a, a), a = sqrt(6 / (9 + 72)).
        double bound = Math.sqrt(6.0 / (1 * 9 + 8 * 9));
        assertThat(w.size()).isEqualTo(72);
        for (int i = 0; i < w.size(); i++) {
            assertThat(Math.abs(w.get(i))).isLessThanOrEqualTo((float) bound);
        }
        assertThat(Initializer.initialize(net, 0).get("stem.conv.weight")).isEqualTo(w);
    }

    @Test
    @DisplayName("Xavier-uniform weights have the right spread; biases, β and running means are 0; γ and running variances 1")
    void scheme() {
        Network net = Presets.build("d2l-resnet18");
        NamedTensors init = Initializer.initialize(net, 7);
        for (ParameterSpec p : net.parameters()) {
            FloatTensor t = init.get(p.name());
            assertThat(t.shape()).isEqualTo(p.shape());
            switch (p.kind()) {
                case CONV_WEIGHT, DENSE_WEIGHT -> {
                    double bound = Math.sqrt(6.0 / (p.fanIn() + p.fanOut()));
                    double sumSq = 0;
                    for (int i = 0; i < t.size(); i++) {
                        assertThat(Math.abs(t.get(i))).isLessThanOrEqualTo((float) bound);
                        sumSq += t.get(i) * (double) t.get(i);
                    }
                    if (t.size() > 1000) {
                        // Var of U(-a, a) is a²/3.
                        assertThat(sumSq / t.size()).isCloseTo(bound * bound / 3, org.assertj.core.data.Percentage.withPercentage(10));
                    }
                }
                case BN_GAMMA, RUNNING_VAR -> assertThat(t.data()).containsOnly(1f);
                default -> assertThat(t.data()).containsOnly(0f);
            }
        }
    }

    @Test
    @DisplayName("a tensor's initial values depend only on the seed and its name, not on other layers")
    void nameStable() {
        Network tiny = Presets.build("resnet-tiny");
        Network other = Presets.build("resnet18", new io.github.resnetspi.api.presets.PresetOptions(1, 28, 28, 10));
        // Same name, different shapes → different tensors; identical spec → identical values.
        ParameterSpec p = tiny.parameters().get(0);
        assertThat(Initializer.initial(p, 5)).isEqualTo(Initializer.initial(p, 5));
        assertThat(Initializer.initialize(tiny, 5).get("fc.bias")).isEqualTo(Initializer.initialize(other, 5).get("fc.bias"));
    }
}
