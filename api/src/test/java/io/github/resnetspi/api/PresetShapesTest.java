package io.github.resnetspi.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.presets.Preset;
import io.github.resnetspi.api.presets.PresetOptions;
import io.github.resnetspi.api.presets.Presets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PresetShapesTest {

    private static List<Shape> blockShapes(Network net, int batch) {
        return net.blockOutputs().stream().map(n -> n.outputShape().withBatch(batch)).toList();
    }

    @Test
    @DisplayName("d2l-resnet18 on (1,1,224,224) prints the chapter's shapes block by block")
    void d2lResnet18PrintedShapes() {
        Network net = Presets.build("d2l-resnet18", new PresetOptions(1, 224, 224, 10));
        assertThat(blockShapes(net, 1)).containsExactly(
                Shape.of(1, 64, 56, 56), Shape.of(1, 64, 56, 56), Shape.of(1, 128, 28, 28), Shape.of(1, 256, 14, 14),
                Shape.of(1, 512, 7, 7), Shape.of(1, 512, 1, 1), Shape.of(1, 512), Shape.of(1, 10));
    }

    @Test
    @DisplayName("the Gluon CIFAR-10 variant on (32,3,224,224) prints the notebook's shapes")
    void gluonPrintedShapes() {
        Network net = Presets.build("gluon-resnet18-cifar10", new PresetOptions(3, 224, 224, 10));
        assertThat(blockShapes(net, 32)).containsExactly(
                Shape.of(32, 64, 56, 56), Shape.of(32, 64, 56, 56), Shape.of(32, 128, 28, 28), Shape.of(32, 256, 14, 14),
                Shape.of(32, 512, 7, 7), Shape.of(32, 10));
    }

    @Test
    @DisplayName("a residual block 3→3 keeps (4,3,6,6); 3→6 with stride 2 gives (4,6,3,3)")
    void residualBlockShapes() {
        assertThat(Presets.residualBlock(3, 3, 1, 6, 6).outputShape().withBatch(4)).isEqualTo(Shape.of(4, 3, 6, 6));
        Network down = Presets.residualBlock(3, 6, 2, 6, 6);
        assertThat(down.outputShape().withBatch(4)).isEqualTo(Shape.of(4, 6, 3, 3));
        assertThat(down.node("block.shortcut").outputShape()).isEqualTo(Shape.of(6, 3, 3));
    }

    @Test
    @DisplayName("the stem of d2l-resnet18 on 96x96 gives the sizes the d2l training run sees")
    void d2lAt96() {
        Network net = Presets.build("d2l-resnet18");
        assertThat(net.inputShape()).isEqualTo(Shape.of(1, 96, 96));
        assertThat(net.node("stem.conv").outputShape()).isEqualTo(Shape.of(64, 48, 48));
        assertThat(net.node("stem.pool").outputShape()).isEqualTo(Shape.of(64, 24, 24));
        assertThat(net.node("stage4.block1.relu2").outputShape()).isEqualTo(Shape.of(512, 3, 3));
    }

    static Stream<Arguments> torchvisionParameterCounts() {
        // Trainable parameter counts of torchvision's models (weights + biases + BN affine), 1000 classes.
        return Stream.of(
                Arguments.of("resnet18", 11_689_512L),
                Arguments.of("resnet34", 21_797_672L),
                Arguments.of("resnet50", 25_557_032L),
                Arguments.of("resnet101", 44_549_160L),
                Arguments.of("resnet152", 60_192_808L));
    }

    @ParameterizedTest(name = "{0} has {1} trainable parameters, as torchvision's")
    @MethodSource("torchvisionParameterCounts")
    @DisplayName("torchvision-style presets have exactly torchvision's parameter counts")
    void torchvisionParameterCount(String name, long expected) {
        Network net = Presets.build(name);
        assertThat(net.trainableParameterCount()).isEqualTo(expected);
        assertThat(net.outputShape()).isEqualTo(Shape.of(1000));
        assertThat(net.node("stage4.block0.add").outputShape().dim(1)).isEqualTo(7);
    }

    static Stream<Arguments> everyPresetAtSeveralSizes() {
        return Presets.all().stream().flatMap(p -> Stream.of(
                Arguments.of(p.name(), p.defaults()),
                Arguments.of(p.name(), p.defaults().withInput(p.defaults().channels(), 97, 101)),
                Arguments.of(p.name(), p.defaults().withInput(3, 64, 64).withClasses(7))))
                // the Gluon head is AvgPool(7): it needs a 7x7 final map, so 224-ish inputs only
                .filter(a -> !a.get()[0].equals("gluon-resnet18-cifar10") || ((PresetOptions) a.get()[1]).height() >= 193);
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("everyPresetAtSeveralSizes")
    @DisplayName("every preset infers consistent shapes for odd and even input sizes")
    void everyPresetInfersShapes(String name, PresetOptions options) {
        Network net = Presets.build(name, options);
        assertThat(net.inputShape()).isEqualTo(Shape.of(options.channels(), options.height(), options.width()));
        assertThat(net.outputShape()).isEqualTo(Shape.of(options.classes()));
        for (Node n : net.nodes()) {
            assertThat(n.outputShape().size()).as(n.name()).isPositive();
            assertThat(n.parameters()).allSatisfy(p -> assertThat(p.name()).startsWith(n.name() + "."));
        }
        assertThat(net.shapes(5).get(net.output())).isEqualTo(Shape.of(5, options.classes()));
        assertThat(net.blockOutputs().get(0).block()).isEqualTo("stem");
    }

    @Test
    @DisplayName("the Keras variant pads TF-'SAME' (asymmetric where TensorFlow is) and uses Keras BN defaults")
    void kerasVariant() {
        Network net = Presets.build("keras-resnet");
        assertThat(net.node("stem.conv").outputShape()).isEqualTo(Shape.of(64, 26, 26));
        assertThat(net.node("stem.pool").outputShape()).isEqualTo(Shape.of(64, 26, 26));
        var pool = (io.github.resnetspi.api.graph.MaxPool2d) net.node("stem.pool").op();
        assertThat(pool.padding()).isEqualTo(new io.github.resnetspi.api.graph.Padding(0, 1, 0, 1));
        var down = (io.github.resnetspi.api.graph.Conv2d) net.node("stage2.block0.conv1").op();
        assertThat(down.padding()).isEqualTo(new io.github.resnetspi.api.graph.Padding(0, 1, 0, 1));
        assertThat(net.node("stage2.block0.conv1").outputShape()).isEqualTo(Shape.of(128, 13, 13));
        var bn = (io.github.resnetspi.api.graph.BatchNorm2d) net.node("stem.bn").op();
        assertThat(bn.epsilon()).isEqualTo(1e-3);
        assertThat(bn.momentum()).isEqualTo(0.01);
    }

    @Test
    @DisplayName("parameter names follow the dotted convention, e.g. stage2.block0.conv1.weight in OIHW")
    void parameterNames() {
        Network net = Presets.build("d2l-resnet18");
        var p = net.parameters().stream().filter(s -> s.name().equals("stage2.block0.conv1.weight")).findFirst().orElseThrow();
        assertThat(p.shape()).isEqualTo(Shape.of(128, 64, 3, 3));
        assertThat(net.parameters().stream().map(s -> s.name()))
                .contains("stem.bn.running_var", "fc.weight", "fc.bias", "stage2.block0.shortcut.weight")
                .doesNotHaveDuplicates();
        assertThat(net.parameters().stream().filter(s -> s.name().equals("fc.weight")).findFirst().orElseThrow().shape())
                .isEqualTo(Shape.of(10, 512));
    }

    @Test
    @DisplayName("every preset has a unique name and a description")
    void presetRegistry() {
        assertThat(Presets.names()).contains("d2l-resnet18", "resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
                "preact-resnet18", "gluon-resnet18-cifar10", "keras-resnet", "resnet-tiny").doesNotHaveDuplicates();
        assertThat(Presets.all()).allSatisfy((Preset p) -> assertThat(p.description()).isNotBlank());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Presets.get("resnet19"))
                .hasMessageContaining("unknown model 'resnet19'").hasMessageContaining("resnet18");
    }
}
