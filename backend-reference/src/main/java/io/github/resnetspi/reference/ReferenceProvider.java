package io.github.resnetspi.reference;

import com.google.auto.service.AutoService;
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
 * the source of the conformance kit's expected answers and passes the kit itself. Registered for
 * {@link java.util.ServiceLoader} like every backend, with the lowest preference ({@link #RANK}): it is selected only
 * when named ({@code -Dresnetspi.backend=reference}) or alone on the class path. Single-threaded.
 */
@AutoService(BackendProvider.class)
public final class ReferenceProvider implements BackendProvider {
    /** The backend's name. */
    public static final String NAME = "reference";
    /** The engine's name. */
    public static final String ENGINE = "java-float64";
    /** Ranked after every engine backend: a yardstick, ~10-100x slower than an engine. */
    public static final int RANK = 1000;

    private static final Map<Capability, String> LACKS = Map.of(Capability.GPU,
            "the reference backend is plain Java and runs on the CPU only");

    private final String name;
    private final Semantics semantics;
    private final Map<Capability, String> unsupported;

    /** The correct reference, as {@link java.util.ServiceLoader} creates it. */
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
    public int rank() {
        return RANK;
    }

    @Override
    public String artifact() {
        return "io.github.resnetspi:resnet-spi-backend-reference";
    }

    @Override
    public BackendInfo info() {
        return BackendInfo.available(name, ENGINE, Runtime.version().toString(), List.of(Device.CPU),
                Map.of("threads", "1 (plain Java loops in float64; the thread setting does not apply)"));
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
