package io.github.resnetspi.conformance.reference;

import io.github.resnetspi.api.spi.BackendProvider;

/**
 * Deliberately wrong variants of the reference backend (each with one classic framework discrepancy), and a
 * float32-rounding variant that is not wrong, only less precise. The kit must fail the former and pass the latter.
 */
public final class Mutants {
    private Mutants() {
    }

    /** (a) Pads TensorFlow-'SAME'-style (less before, more after) where the network says symmetric. */
    public static BackendProvider tfSamePadding() {
        return new ReferenceProvider("mutant-tf-same-padding", Semantics.CORRECT.withTfSamePadding());
    }

    /** (b) Batch norm with ε = 1e-3 (Keras' default) instead of the declared 1e-5. */
    public static BackendProvider bnEpsilon1e3() {
        return new ReferenceProvider("mutant-bn-epsilon-1e-3", Semantics.CORRECT.withBnEpsilon(1e-3));
    }

    /** (c) Running variance updated with the biased batch variance (divide by m instead of m − 1). */
    public static BackendProvider biasedRunningVar() {
        return new ReferenceProvider("mutant-biased-running-var", Semantics.CORRECT.withBiasedRunningVar());
    }

    /** (d) Average pooling that counts padded cells even when {@code countIncludePad} is false. */
    public static BackendProvider avgPoolCountsPad() {
        return new ReferenceProvider("mutant-avgpool-counts-pad", Semantics.CORRECT.withAvgPoolAlwaysCountingPad());
    }

    /** (e) Dampened momentum {@code v = μ·v + (1 − μ)·g}. */
    public static BackendProvider dampenedMomentum() {
        return new ReferenceProvider("mutant-dampened-momentum", Semantics.CORRECT.withDampenedMomentum());
    }

    /** Correct semantics, but every tensor rounded to float32 as a float32 engine would hold it. */
    public static BackendProvider float32Rounding() {
        return new ReferenceProvider("control-float32-rounding", Semantics.CORRECT.withFloat32Rounding());
    }
}
