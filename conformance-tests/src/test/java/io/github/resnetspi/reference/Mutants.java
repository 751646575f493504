package io.github.resnetspi.reference;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.spi.BackendInfo;
import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.api.spi.Capability;
import io.github.resnetspi.api.spi.CompileOptions;
import io.github.resnetspi.api.spi.Model;
import java.util.Map;

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

    /**
     * Correct, but declares asymmetric padding, exclude-pad average pooling and every-node outputs unsupported, and
     * refuses them with {@link io.github.resnetspi.api.spi.UnsupportedCapabilityException}, as a backend must.
     */
    public static BackendProvider limited() {
        return new ReferenceProvider("limited-reference", Semantics.CORRECT, Map.of(
                Capability.ASYMMETRIC_PADDING, "test double: pretends its engine has only symmetric padding",
                Capability.AVG_POOL_EXCLUDE_PAD, "test double: pretends its engine always counts padding",
                Capability.ALL_NODE_OUTPUTS, "test double: pretends it returns only the output node",
                Capability.GPU, "test double: CPU only"));
    }

    /** Declares asymmetric padding unsupported but does not refuse it: a backend that lies about its capabilities. */
    public static BackendProvider lyingAboutCapabilities() {
        BackendProvider honest = new ReferenceProvider("lying-reference", Semantics.CORRECT);
        return new BackendProvider() {
            @Override
            public String name() {
                return honest.name();
            }

            @Override
            public BackendInfo info() {
                return honest.info();
            }

            @Override
            public Map<Capability, String> unsupported() {
                return Map.of(Capability.ASYMMETRIC_PADDING, "claims not to pad asymmetrically");
            }

            @Override
            public Model compile(Network network, CompileOptions options) {
                return honest.compile(network, options);
            }
        };
    }

    /** Correct semantics, but every tensor rounded to float32 as a float32 engine would hold it. */
    public static BackendProvider float32Rounding() {
        return new ReferenceProvider("control-float32-rounding", Semantics.CORRECT.withFloat32Rounding());
    }
}
