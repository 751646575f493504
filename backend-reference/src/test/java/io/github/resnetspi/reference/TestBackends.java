package io.github.resnetspi.reference;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.Capability;
import java.util.Map;

/** Correct references that behave differently about capabilities, for the kit's tests of its "unsupported" outcome. */
final class TestBackends {
    private TestBackends() {
    }

    /**
     * @return a correct reference that declares asymmetric padding, exclude-pad average pooling and every-node outputs
     *         unsupported, and refuses them with {@link io.github.resnetspi.api.UnsupportedCapabilityException}, as
     *         a backend must
     */
    static Backend limited() {
        return new ReferenceProvider("limited-reference", Map.of(
                Capability.ASYMMETRIC_PADDING, "test double: pretends its engine has only symmetric padding",
                Capability.AVG_POOL_EXCLUDE_PAD, "test double: pretends its engine always counts padding",
                Capability.ALL_NODE_OUTPUTS, "test double: pretends it returns only the output node",
                Capability.GPU, "test double: CPU only"),
                (p, n, o, d) -> new ReferenceModel(p, n, o, d, new Kernels()));
    }

    /** @return a reference that declares asymmetric padding unsupported but does not refuse it: it lies about its capabilities */
    static Backend lyingAboutCapabilities() {
        return new ForwardingProvider(new ReferenceProvider("lying-reference", ReferenceProvider.CPU_ONLY,
                (p, n, o, d) -> new ReferenceModel(p, n, o, d, new Kernels()))) {
            @Override
            public Map<Capability, String> unsupported() {
                return Map.of(Capability.ASYMMETRIC_PADDING, "claims not to pad asymmetrically");
            }
        };
    }

    /**
     * @return a correct reference that declares {@link Capability#TRAINING} unsupported, as an inference-only backend
     *         does, and refuses training through {@link io.github.resnetspi.api.spi.AbstractModel}
     */
    public static Backend inferenceOnly() {
        return new ReferenceProvider("inference-only-reference", Map.of(
                Capability.TRAINING, "test double: pretends it runs an exported inference graph",
                Capability.GPU, "test double: CPU only"),
                (p, n, o, d) -> new ReferenceModel(p, n, o, d, new Kernels()));
    }

    /** @return a reference that declares training unsupported but trains anyway: it lies about its capabilities */
    public static Backend lyingAboutTraining() {
        return new ForwardingProvider(new ReferenceProvider("lying-trainer", ReferenceProvider.CPU_ONLY,
                (p, n, o, d) -> new ReferenceModel(p, n, o, d, new Kernels()))) {
            @Override
            public Map<Capability, String> unsupported() {
                return Map.of(Capability.TRAINING, "claims to run inference only");
            }
        };
    }

    /** @return the float32-rounding control ({@link Float32Control}) */
    static Backend float32Control() {
        return Float32Control.provider();
    }

    /**
     * @param id a mutant of the catalogue
     * @return a supplier of that mutant
     */
    static java.util.function.Supplier<Backend> mutant(String id) {
        return MutantCatalogue.all().stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no mutant '" + id + "'")).backend();
    }
}
