package io.github.resnetspi.reference;

import com.google.auto.service.AutoService;
import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.Capability;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.Role;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.spi.AbstractBackendProvider;
import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.api.spi.Yardstick;
import io.github.resnetspi.api.tensor.NamedTensors;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The reference backend: pure Java, float64, no native code, every semantic exactly as the API's Javadoc pins it. It is
 * the {@link Role#YARDSTICK yardstick}: the conformance kit finds it by that role and takes its expected answers from
 * it, and it passes the kit itself. Registered for {@link java.util.ServiceLoader} like every backend, with the lowest
 * preference ({@link #RANK}): it is selected only when named ({@code -Dresnetspi.backend=reference}) or alone on the
 * class path. Single-threaded.
 */
@AutoService(BackendProvider.class)
public final class ReferenceProvider extends AbstractBackendProvider implements Yardstick {
    /** The backend's name. */
    public static final String NAME = "reference";
    /** The engine's name. */
    public static final String ENGINE = "java-float64";
    /** Ranked after every engine backend: a yardstick, ~10-100x slower than an engine. */
    public static final int RANK = 1000;

    /** What the reference lacks: a GPU. */
    static final Map<Capability, String> CPU_ONLY = Map.of(Capability.GPU,
            "the reference backend is plain Java and runs on the CPU only");

    /** How a provider builds its models: the correct reference, or (in this module's tests) a variant. */
    @FunctionalInterface
    interface ModelFactory {
        ReferenceModel create(ReferenceProvider provider, Network network, CompileOptions options, Device device);
    }

    private final String name;
    private final Map<Capability, String> unsupported;
    private final ModelFactory models;

    /** The correct reference, as {@link java.util.ServiceLoader} creates it. */
    public ReferenceProvider() {
        this(NAME, CPU_ONLY, (p, n, o, d) -> new ReferenceModel(p, n, o, d, new Kernels()));
    }

    /**
     * A variant under another name, with other models or more capabilities declared unsupported (and refused, as a
     * backend must): this module's test mutants and controls.
     */
    ReferenceProvider(String name, Map<Capability, String> unsupported, ModelFactory models) {
        this.name = Objects.requireNonNull(name, "name");
        this.unsupported = Map.copyOf(unsupported);
        this.models = Objects.requireNonNull(models, "models");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int rank() {
        return RANK;
    }

    /** The kit's and the compare report's yardstick: the exact answers the engines are measured against. */
    @Override
    public Set<Role> roles() {
        return Set.of(Role.YARDSTICK);
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
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
    protected List<Device> devices() {
        return List.of(Device.CPU);
    }

    @Override
    protected String gpuHint() {
        return "The reference backend is plain Java and has no GPU support.";
    }

    @Override
    protected Model compileOn(Network network, CompileOptions options, Device device) {
        return models.create(this, network, options, device);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The conformance kit's deep training checks compare with such a model.
     */
    @Override
    public Model compileFollowing(Network network, CompileOptions options, NamedTensors nodeOutputs) {
        Decisions decisions = new Decisions(network, nodeOutputs);
        ReferenceModel model = (ReferenceModel) compile(network, options);
        model.follow(decisions);
        return model;
    }
}
