package io.github.resnetspi.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.conformance.Compare;
import io.github.resnetspi.conformance.KitCases.ForwardCase;
import io.github.resnetspi.conformance.KitCases;
import io.github.resnetspi.onnx.proto.OnnxProto.ModelProto;
import io.github.resnetspi.reference.ReferenceProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every preset and every single-op case of the conformance kit, exported with the kit's forward state: the ONNX checker
 * accepts the file and ONNX Runtime's output matches the reference backend's EVAL forward within the kit's tolerance.
 */
class OnnxExportTest {
    @TempDir
    Path dir;

    /**
     * The kit's preset forward cases, and every other preset on a small input with the kit's forward state and images.
     */
    static Stream<String> presetCases() {
        List<String> kit = KitCases.presetForwardCases().toList();
        Stream<String> others = Presets.names().stream()
                .filter(name -> kit.stream().noneMatch(spec -> spec.startsWith(name + "@")))
                .map(name -> name + "@3x32x32");
        return Stream.concat(kit.stream(), others);
    }

    @Test
    void everyPresetIsCovered() {
        assertThat(presetCases().map(spec -> spec.substring(0, spec.indexOf('@'))).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(Presets.names());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presetCases")
    void presetMatchesTheReferenceInOnnxRuntime(String spec) throws Exception {
        assertMatchesReference(KitCases.forwardPreset(spec));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.resnetspi.conformance.KitCases#opCases")
    void opCaseMatchesTheReferenceInOnnxRuntime(String id) throws Exception {
        assertMatchesReference(KitCases.forwardOp(id));
    }

    @Test
    void modelNamesNetworkSourceOpsetAndADynamicBatch() {
        ForwardCase c = KitCases.forwardPreset("resnet-tiny@1x16x16");
        ModelProto m = OnnxExport.model(c.network(), c.state(), "run/checkpoint.safetensors");
        assertThat(m.getOpsetImport(0).getVersion()).isEqualTo(OnnxExport.OPSET);
        assertThat(m.getDocString()).contains("resnet-tiny").contains("run/checkpoint.safetensors");
        Map<String, String> meta = new HashMap<>();
        m.getMetadataPropsList().forEach(e -> meta.put(e.getKey(), e.getValue()));
        assertThat(meta).containsEntry(OnnxExport.META_NETWORK, "resnet-tiny")
                .containsEntry(OnnxExport.META_SOURCE, "run/checkpoint.safetensors").containsEntry(OnnxExport.META_INPUT, "1x16x16");
        assertThat(m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam()).isEqualTo(OnnxExport.BATCH);
        assertThat(m.getGraph().getInitializerCount()).isEqualTo(c.network().parameters().size());
    }

    @Test
    void everyNodeOutputModelPassesTheCheckerAndNamesEachNodesTensor() throws Exception {
        ForwardCase c = KitCases.forwardPreset("resnet-tiny@1x16x16");
        Network net = c.network();
        ModelProto m = OnnxExport.modelWithEveryNodeOutput(net, c.state(), "kit case " + c.id());
        assertThat(m.getGraph().getOutputList()).extracting(o -> o.getName())
                .containsExactlyInAnyOrderElementsOf(net.nodes().stream().map(n -> OnnxExport.tensorName(net, n.name())).toList());
        assertThat(m.getGraph().getOutput(0).getName()).isEqualTo(OnnxExport.OUTPUT);
        Path file = dir.resolve("every-node.onnx");
        Files.write(file, m.toByteArray());
        assertThat(OnnxConsumers.check(file)).startsWith("ok onnx");
    }

    @Test
    void aStateThatDoesNotFitIsRefusedNamingTheTensors() {
        ForwardCase c = KitCases.forwardPreset("resnet-tiny@1x16x16");
        String dropped = c.network().parameters().get(0).name();
        Map<String, FloatTensor> tensors = new HashMap<>(c.state().asMap());
        tensors.remove(dropped);
        tensors.put("momentum." + dropped, c.state().get(dropped));
        assertThatThrownBy(() -> OnnxExport.model(c.network(), NamedTensors.of(tensors), "x"))
                .isInstanceOf(OnnxExportException.class)
                .hasMessage("the state does not fit network 'resnet-tiny' (missing [" + dropped + "]; tensors the network"
                        + " does not use [momentum." + dropped + "]): export the state of this network, with exactly the"
                        + " tensors it names");
    }

    private void assertMatchesReference(ForwardCase c) throws Exception {
        Network net = c.network();
        Path file = dir.resolve("model.onnx");
        OnnxExport.write(file, net, c.state(), "kit case " + c.id());
        assertThat(OnnxConsumers.check(file)).startsWith("ok onnx");

        FloatTensor expected;
        try (Model reference = new ReferenceProvider().compile(net, CompileOptions.defaults())) {
            reference.importState(c.state());
            expected = reference.forward(c.images(), Mode.EVAL);
        }
        FloatTensor actual = OnnxConsumers.run(Files.readAllBytes(file), c.images());
        double maxAbs = 0;
        for (int i = 0; i < expected.size(); i++) {
            maxAbs = Math.max(maxAbs, Math.abs(actual.get(i) - expected.get(i)));
        }
        System.out.printf(Locale.ROOT, "onnx %s: max |onnxruntime - reference| = %.3e (tolerance %.0e, relative to max |logit|)%n",
                c.id(), maxAbs, c.tolerance());
        Compare.assertClose("onnxruntime vs reference, " + c.id(), actual, expected, c.tolerance());
    }
}
