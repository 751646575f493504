package io.github.resnetspi.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.reference.Mutants;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The kit is worth what it catches: each deliberately wrong variant of the reference must fail the checks that cover
 * its mistake (and only mistakes fail: the same checks pass for the correct reference in
 * {@code ReferenceConformanceTest}, and the float32-rounding control passes them in {@code ConformanceRunnerTest}).
 */
class MutationTest {

    /** A kit over {@code provider}, whose checks are called directly. */
    private static BackendConformanceKit kit(BackendProvider provider) {
        return new BackendConformanceKit() {
            @Override
            protected BackendProvider provider() {
                return provider;
            }
        };
    }

    private static void assertCaught(String what, Runnable check) {
        Throwable t = catchThrowable(check::run);
        assertThat(t).as(what + " must fail").isInstanceOf(AssertionFailedError.class);
        System.out.println("caught " + what + ": " + t.getMessage());
    }

    private static void assertPasses(String what, Runnable check) {
        assertThatCode(check::run).as(what).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("(a) TF-'SAME' padding instead of the declared symmetric padding fails the stride-2 conv, stem and max-pool checks")
    void tfSamePadding() {
        BackendConformanceKit k = kit(Mutants.tfSamePadding());
        assertCaught("(a) forwardOp[conv3x3-stride2-pad1-nobias-even]", () -> k.forwardOp("conv3x3-stride2-pad1-nobias-even"));
        assertCaught("(a) forwardOp[conv7x7-stride2-pad3-bias]", () -> k.forwardOp("conv7x7-stride2-pad3-bias"));
        assertCaught("(a) forwardOp[maxpool3x3-stride2-pad1-negative]", () -> k.forwardOp("maxpool3x3-stride2-pad1-negative"));
        assertCaught("(a) forwardPreset[resnet-tiny@1x16x16]", () -> k.forwardPreset("resnet-tiny@1x16x16"));
        // where 'SAME' and the declared padding coincide (stride 1, odd kernel), nothing changes, nothing fails
        assertPasses("stride-1 conv", () -> k.forwardOp("conv3x3-stride1-pad1-bias"));
    }

    @Test
    @DisplayName("(b) batch-norm epsilon 1e-3 instead of 1e-5 fails the batch-norm checks")
    void bnEpsilon() {
        BackendConformanceKit k = kit(Mutants.bnEpsilon1e3());
        assertCaught("(b) forwardOp[batchnorm]", () -> k.forwardOp("batchnorm"));
        assertCaught("(b) trainingTwoSteps[op:batchnorm]", () -> k.trainingTwoSteps("op:batchnorm"));
        assertPasses("conv without BN", () -> k.forwardOp("conv3x3-stride2-pad1-nobias-even"));
    }

    @Test
    @DisplayName("(c) running variance updated with the biased estimate fails the running-statistics checks")
    void biasedRunningVariance() {
        BackendConformanceKit k = kit(Mutants.biasedRunningVar());
        assertCaught("(c) forwardOp[batchnorm]", () -> k.forwardOp("batchnorm"));
        assertCaught("(c) trainingTwoSteps[op:batchnorm]", () -> k.trainingTwoSteps("op:batchnorm"));
        assertCaught("(c) forwardPreset[resnet-tiny@1x16x16]", () -> k.forwardPreset("resnet-tiny@1x16x16"));
    }

    @Test
    @DisplayName("(d) average pooling that counts padding when it should not fails the exclude-pad check")
    void avgPoolCountsPadding() {
        BackendConformanceKit k = kit(Mutants.avgPoolCountsPad());
        assertCaught("(d) forwardOp[avgpool3x3-stride2-pad1-exclude-pad]", () -> k.forwardOp("avgpool3x3-stride2-pad1-exclude-pad"));
        assertCaught("(d) trainingTwoSteps[op:avgpool3x3-stride2-pad1-exclude-pad]",
                () -> k.trainingTwoSteps("op:avgpool3x3-stride2-pad1-exclude-pad"));
        assertPasses("include-pad pooling", () -> k.forwardOp("avgpool3x3-stride2-pad1-include-pad"));
        assertPasses("unpadded pooling", () -> k.forwardOp("avgpool3x3-stride2-nopad"));
    }

    @Test
    @DisplayName("(e) dampened momentum fails the two-step and 20-step training checks, not the forward ones")
    void dampenedMomentum() {
        BackendConformanceKit k = kit(Mutants.dampenedMomentum());
        assertCaught("(e) trainingTwoSteps[op:conv3x3-stride1-pad1-bias]", () -> k.trainingTwoSteps("op:conv3x3-stride1-pad1-bias"));
        assertCaught("(e) trainingTwoSteps[resnet-tiny@1x12x12]", () -> k.trainingTwoSteps("resnet-tiny@1x12x12"));
        assertCaught("(e) trainingLossCurve", k::trainingLossCurve);
        assertPasses("forward", () -> k.forwardOp("conv3x3-stride1-pad1-bias"));
    }
}
