package io.github.resnetspi.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetspi.api.DeviceRequest;
import io.github.resnetspi.conformance.CheckResult;
import io.github.resnetspi.conformance.CheckStatus;
import io.github.resnetspi.conformance.ConformanceReport;
import io.github.resnetspi.conformance.ConformanceRunner;
import io.github.resnetspi.conformance.OpCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The programmatic runner (what the CLI calls) runs the kit through the JUnit Launcher and writes the report. */
class ConformanceRunnerTest {

    @Test
    @DisplayName("checks are selected by group, by check name (every case) or by check id (one case); unknown names fail listing the valid ones")
    void selection(@TempDir Path dir) {
        ConformanceReport report = ConformanceRunner.run(ReferenceProvider::new, DeviceRequest.CPU, dir,
                List.of("discovery", "forwardOp[relu]", "trainingTwoSteps[op:add]", "stateInitial"));
        assertThat(report.checks()).extracting(CheckResult::id).containsExactly("discoveryBackends", "discoveryDevice",
                "discoveryInfo", "discoveryServiceLoader", "discoveryUnknownName", "forwardOp[relu]",
                "trainingTwoSteps[op:add]", "stateInitial");
        assertThat(report.conforms()).isTrue();
        assertThatThrownBy(() -> ConformanceRunner.run(ReferenceProvider::new, DeviceRequest.CPU, dir, List.of("forwardOpp")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forwardOpp").hasMessageContaining("forwardOp")
                .hasMessageContaining("training");
        assertThatThrownBy(() -> ConformanceRunner.run(ReferenceProvider::new, DeviceRequest.CPU, dir, List.of("forwardOp[nope]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope").hasMessageContaining("batchnorm");
        assertThatThrownBy(() -> ConformanceRunner.run(ReferenceProvider::new, DeviceRequest.CPU, dir, List.of("stateInitial[x]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameterized");
    }

    @Test
    @DisplayName("a mutant run through the launcher gets a report with its caught checks failed and the rest passed")
    void mutantReport(@TempDir Path dir) throws Exception {
        ConformanceReport report = ConformanceRunner.run(TestBackends.mutant("bn-epsilon-1e-3"), DeviceRequest.CPU, dir,
                List.of("forwardOp"));
        assertThat(report.backend()).isEqualTo("mutant-bn-epsilon-1e-3");
        assertThat(report.conforms()).isFalse();
        assertThat(report.check("forwardOp[batchnorm]").status()).isEqualTo(CheckStatus.FAILED);
        assertThat(report.check("forwardOp[batchnorm]").message()).contains("exceeds tolerance");
        assertThat(report.check("forwardOp[conv3x3-stride1-pad1-bias]").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(report.checks()).hasSize(OpCase.all().size());
        assertThat(report.check("forwardOp[batchnorm]").contract()).startsWith("forward: per op: ");

        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("mutant-bn-epsilon-1e-3.json"))).getAsJsonObject();
        assertThat(json.getAsJsonObject("summary").get("failed").getAsInt()).isGreaterThanOrEqualTo(1);
        assertThat(json.getAsJsonObject("summary").get("conforms").getAsBoolean()).isFalse();
        String md = Files.readString(dir.resolve("mutant-bn-epsilon-1e-3.md"));
        assertThat(md).contains("| `forwardOp[batchnorm]` |").contains("failed").contains("DOES NOT CONFORM");
    }

    @Test
    @DisplayName("a backend that declares capabilities unsupported and refuses them gets 'unsupported' checks, not failures")
    void unsupportedCapabilitiesAreReportedApart(@TempDir Path dir) throws Exception {
        ConformanceReport report = ConformanceRunner.run(TestBackends::limited, DeviceRequest.CPU, dir,
                List.of("forwardOp", "shapesPreset", "trainingTwoSteps[resnet-tiny@1x12x12]"));
        assertThat(report.check("forwardOp[conv-asymmetric-padding]").status()).isEqualTo(CheckStatus.UNSUPPORTED);
        assertThat(report.check("forwardOp[conv-asymmetric-padding]").message())
                .contains("limited-reference").contains("ASYMMETRIC_PADDING").contains("symmetric padding");
        assertThat(report.check("forwardOp[maxpool-asymmetric-padding-negative]").status()).isEqualTo(CheckStatus.UNSUPPORTED);
        assertThat(report.check("forwardOp[avgpool3x3-stride2-pad1-exclude-pad]").status()).isEqualTo(CheckStatus.UNSUPPORTED);
        assertThat(report.check("forwardOp[avgpool3x3-stride2-pad1-include-pad]").status()).isEqualTo(CheckStatus.PASSED);
        // without every-node outputs the shape checks compare the output shape and say what they could not check
        assertThat(report.check("shapesPreset[resnet-tiny@1x28x28/3]").status()).isEqualTo(CheckStatus.UNSUPPORTED);
        assertThat(report.check("shapesPreset[keras-resnet@1x28x28/2]").message()).contains("ASYMMETRIC_PADDING");
        // the deep steps follow the backend's decisions, read from every node's output: without it, unsupported
        assertThat(report.check("trainingTwoSteps[resnet-tiny@1x12x12]").status()).isEqualTo(CheckStatus.UNSUPPORTED);
        assertThat(report.check("trainingTwoSteps[resnet-tiny@1x12x12]").message()).contains("ALL_NODE_OUTPUTS");
        assertThat(report.count(CheckStatus.FAILED)).isZero();
        assertThat(report.conforms()).isTrue();
        assertThat(Files.readString(dir.resolve("limited-reference.md"))).contains("| unsupported |");
    }

    @Test
    @DisplayName("a backend that declares a capability unsupported but does not refuse it fails the checks that need it")
    void lyingAboutCapabilitiesFails(@TempDir Path dir) {
        ConformanceReport report = ConformanceRunner.run(TestBackends::lyingAboutCapabilities, DeviceRequest.CPU, dir,
                List.of("forwardOp"));
        assertThat(report.check("forwardOp[conv-asymmetric-padding]").status()).isEqualTo(CheckStatus.FAILED);
        assertThat(report.check("forwardOp[conv-asymmetric-padding]").message()).contains("must fail");
        assertThat(report.check("forwardOp[conv3x3-stride1-pad1-bias]").status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    @DisplayName("an inference-only backend (TRAINING declared unsupported and refused): forward and state checks pass on "
            + "their eval-mode part with a note, every check that trains is unsupported with the backend's reason")
    void inferenceOnlyBackend(@TempDir Path dir) {
        ConformanceReport report = ConformanceRunner.run(TestBackends::inferenceOnly, DeviceRequest.CPU, dir,
                List.of("forwardOp[batchnorm]", "forwardPreset[resnet-tiny@1x16x16]", "forwardRunningStatistics", "training",
                        "stateRunningStatistics", "stateRoundTrip", "stateGradientsBeforeStep", "input"));
        assertThat(report.check("forwardOp[batchnorm]").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(report.check("forwardOp[batchnorm]").message()).contains("eval mode compared").contains("TRAINING");
        assertThat(report.check("forwardPreset[resnet-tiny@1x16x16]").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(report.check("stateRoundTrip").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(report.checks()).filteredOn(c -> c.id().startsWith("stateRunningStatistics"))
                .isNotEmpty().allSatisfy(c -> assertThat(c.status()).isEqualTo(CheckStatus.PASSED));
        assertThat(report.checks()).filteredOn(c -> c.id().startsWith("training")).hasSizeGreaterThan(40)
                .allSatisfy(c -> {
                    assertThat(c.status()).as(c.id()).isEqualTo(CheckStatus.UNSUPPORTED);
                    assertThat(c.message()).contains("inference-only-reference").contains("TRAINING")
                            .contains("pretends it runs an exported inference graph");
                });
        assertThat(report.check("forwardRunningStatistics").status()).isEqualTo(CheckStatus.UNSUPPORTED);
        assertThat(report.check("stateGradientsBeforeStep").status()).isEqualTo(CheckStatus.UNSUPPORTED);
        assertThat(report.check("inputValidation").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(report.check("inputUseAfterClose").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(report.count(CheckStatus.FAILED)).isZero();
        assertThat(report.count(CheckStatus.SKIPPED)).isZero();
    }

    @Test
    @DisplayName("a backend that declares TRAINING unsupported but trains anyway fails the checks that train")
    void lyingAboutTrainingFails(@TempDir Path dir) {
        ConformanceReport report = ConformanceRunner.run(TestBackends::lyingAboutTraining, DeviceRequest.CPU, dir,
                List.of("forwardOp[relu]", "trainingTwoSteps[op:relu]", "stateGradientsBeforeStep"));
        for (String id : List.of("forwardOp[relu]", "trainingTwoSteps[op:relu]", "stateGradientsBeforeStep")) {
            assertThat(report.check(id).status()).as(id).isEqualTo(CheckStatus.FAILED);
            assertThat(report.check(id).message()).as(id).contains("must fail");
        }
    }

    @Test
    @DisplayName("the float32-rounding control conforms on every numeric check; the report records each largest error")
    void float32ControlReport(@TempDir Path dir) {
        ConformanceReport report = ConformanceRunner.run(TestBackends::float32Control, DeviceRequest.CPU, dir,
                List.of("forwardOp", "forwardPreset", "trainingTwoSteps", "trainingLossCurve"));
        System.out.println(report.toMarkdown());
        assertThat(report.checks()).allSatisfy(c -> {
            assertThat(c.status()).as(c.id() + ": " + c.message()).isEqualTo(CheckStatus.PASSED);
            assertThat(c.maxError()).as(c.id()).isLessThanOrEqualTo(c.tolerance());
        });
        // the control really is not bit-identical to the reference: the errors are measured, not zero
        assertThat(report.checks().stream().filter(c -> c.maxError() > 0).count()).isGreaterThan(report.checks().size() / 2);
    }
}
