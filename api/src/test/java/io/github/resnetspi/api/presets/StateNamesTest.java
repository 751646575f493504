package io.github.resnetspi.api.presets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resnetspi.api.StateLayout;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.presets.StateNames.Convention;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every preset a convention claims is renamed both ways without loss; the names are those of torchvision and of the
 * d2l chapter (checked here on known entries, and in full against PyTorch itself by the cli's PyTorchInteropTest).
 */
class StateNamesTest {

    @ParameterizedTest
    @EnumSource(Convention.class)
    void everyClaimedPresetRenamesBothWaysWithoutLoss(Convention c) {
        for (String preset : StateNames.presets(c)) {
            Network net = Presets.build(preset);
            StateNames names = StateNames.of(net, c);
            assertThat(names.foreignNames()).as(preset).hasSize(net.parameters().size());
            assertThat(names.foreignNames().values()).as(preset).doesNotHaveDuplicates();
            Map<String, FloatTensor> state = new LinkedHashMap<>();
            for (ParameterSpec p : net.parameters()) {
                assertThat(names.ours(names.foreign(p.name()))).isEqualTo(p.name());
                state.put(p.name(), FloatTensor.zeros(p.shape()));
            }
            NamedTensors ours = NamedTensors.of(state);
            assertThat(names.toOurs(names.toForeign(ours))).isEqualTo(ours);
            assertThat(names.batchCounters()).as(preset).hasSize(net.parameters().stream()
                    .filter(p -> p.name().endsWith(".running_mean")).toList().size());
        }
    }

    @Test
    void torchvisionNames() {
        StateNames r18 = StateNames.of(Presets.build("resnet18"), Convention.TORCHVISION);
        assertThat(r18.foreign("stem.conv.weight")).isEqualTo("conv1.weight");
        assertThat(r18.foreign("stem.bn.running_var")).isEqualTo("bn1.running_var");
        assertThat(r18.foreign("stage1.block1.bn2.bias")).isEqualTo("layer1.1.bn2.bias");
        assertThat(r18.foreign("stage2.block0.shortcut.conv.weight")).isEqualTo("layer2.0.downsample.0.weight");
        assertThat(r18.foreign("stage4.block0.shortcut.bn.running_mean")).isEqualTo("layer4.0.downsample.1.running_mean");
        assertThat(r18.foreign("fc.weight")).isEqualTo("fc.weight");
        assertThat(r18.batchCounters()).startsWith("bn1.num_batches_tracked", "layer1.0.bn1.num_batches_tracked")
                .contains("layer3.0.downsample.1.num_batches_tracked").hasSize(20);
        StateNames r50 = StateNames.of(Presets.build("resnet50"), Convention.TORCHVISION);
        assertThat(r50.foreign("stage1.block0.bn3.weight")).isEqualTo("layer1.0.bn3.weight");
        // torchvision's resnet50 state_dict: 320 entries, 53 of them num_batches_tracked
        assertThat(r50.foreignNames()).hasSize(320 - 53);
        assertThat(r50.batchCounters()).hasSize(53);
    }

    @Test
    void d2lNames() {
        StateNames d2l = StateNames.of(Presets.build("d2l-resnet18"), Convention.D2L);
        assertThat(d2l.foreign("stem.conv.bias")).isEqualTo("0.0.bias");
        assertThat(d2l.foreign("stem.bn.running_mean")).isEqualTo("0.1.running_mean");
        assertThat(d2l.foreign("stage1.block1.conv2.weight")).isEqualTo("1.1.conv2.weight");
        assertThat(d2l.foreign("stage3.block0.shortcut.weight")).isEqualTo("3.0.conv3.weight");
        assertThat(d2l.foreign("fc.bias")).isEqualTo("7.bias");
        assertThat(d2l.ours("4.1.bn1.running_var")).isEqualTo("stage4.block1.bn1.running_var");
        assertThat(d2l.batchCounters()).startsWith("0.1.num_batches_tracked").hasSize(17);
    }

    @Test
    void momentumBuffersHaveNoForeignName() {
        Network net = Presets.build("d2l-resnet18");
        NamedTensors state = StateLayout.of(net, true).initialState(1);
        NamedTensors foreign = StateNames.of(net, Convention.D2L).toForeign(state);
        assertThat(foreign.size()).isEqualTo(net.parameters().size());
        assertThat(foreign.names()).noneMatch(StateLayout::isMomentumBuffer);
    }

    @Test
    void aPresetAConventionDoesNotFitIsRefusedSayingWhichFit() {
        assertThatThrownBy(() -> StateNames.of(Presets.build("preact-resnet18"), Convention.TORCHVISION))
                .hasMessage("model preact-resnet18 has no torchvision state names: torchvision names fit resnet18,"
                        + " resnet34, resnet50, resnet101, resnet152; d2l names fit d2l-resnet18; resnet-spi names fit every model");
        assertThatThrownBy(() -> StateNames.of(Presets.build("resnet18"), Convention.D2L))
                .hasMessageStartingWith("model resnet18 has no d2l state names: torchvision names fit resnet18");
    }

    @Test
    void anUnknownForeignNameIsRefusedNamingIt() {
        StateNames d2l = StateNames.of(Presets.build("d2l-resnet18"), Convention.D2L);
        assertThatThrownBy(() -> d2l.ours("conv1.weight"))
                .hasMessage("'conv1.weight' is not a d2l state name of d2l-resnet18 (they are '0.0.weight', '0.0.bias',"
                        + " ...); name the convention the file was written in");
        assertThat(Convention.parse("TorchVision")).isEqualTo(Convention.TORCHVISION);
        assertThatThrownBy(() -> Convention.parse("keras")).hasMessage("unknown state names 'keras'; known: resnet-spi, torchvision, d2l");
    }
}
