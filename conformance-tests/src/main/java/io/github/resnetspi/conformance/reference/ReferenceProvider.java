package io.github.resnetspi.conformance.reference;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.spi.BackendInfo;
import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.api.spi.Capabilities;
import io.github.resnetspi.api.spi.Capability;
import io.github.resnetspi.api.spi.CompileOptions;
import io.github.resnetspi.api.spi.Device;
import io.github.resnetspi.api.spi.Model;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reference backend: pure Java, float64, no native code, every semantic exactly as the API's Javadoc pins it. It is
 * the source of the conformance kit's expected answers and passes the kit itself. It is deliberately not registered
 * for {@link java.util.ServiceLoader} in this artifact's main resources (only in its tests), so that a backend module
 * testing against the kit still discovers exactly its own provider; register it yourself to use it as a backend.
 */
public final class ReferenceProvider implements BackendProvider {
    public static final String NAME = "reference";
    public static final String ENGINE = "java-float64";

    private static final Map<Capability, String> LACKS = Map.of(Capability.GPU,
            "the reference backend is plain Java and runs on the CPU only");

    private final String name;
    private final Semantics semantics;
    private final Map<Capability, String> unsupported;

    public ReferenceProvider() {
        this(NAME, Semantics.CORRECT, LACKS);
    }

    /** A variant with other semantics: the kit's mutants and float32 control. */
    ReferenceProvider(String name, Semantics semantics) {
        this(name, semantics, LACKS);
    }

    /** A variant that declares more capabilities unsupported (and refuses them, as a backend must). */
    ReferenceProvider(String name, Semantics semantics, Map<Capability, String> unsupported) {
        this.name = Objects.requireNonNull(name, "name");
        this.semantics = Objects.requireNonNull(semantics, "semantics");
        this.unsupported = Map.copyOf(unsupported);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public BackendInfo info() {
        return BackendInfo.available(name, ENGINE, Runtime.version().toString(), List.of(Device.CPU));
    }

    @Override
    public Map<Capability, String> unsupported() {
        return unsupported;
    }

    @Override
    public Model compile(Network network, CompileOptions options) {
        Capabilities.checkSupported(this, network);
        Device device = options.device().resolve(name, List.of(Device.CPU),
                "The reference backend is plain Java and has no GPU support.");
        return new ReferenceModel(this, network, options, device, semantics);
    }
}
