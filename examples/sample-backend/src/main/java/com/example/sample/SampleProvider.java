package com.example.sample;

import com.google.auto.service.AutoService;
import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.Capability;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.DeviceRequest;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.spi.AbstractBackendProvider;
import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.reference.ReferenceProvider;
import java.util.List;
import java.util.Map;

/**
 * The {@code sample} backend of {@code docs/writing-a-backend.md}: a third-party backend in its own package and jar.
 * It declares its rank and the capabilities it lacks, checks every network and device request the way every backend
 * must, and delegates the arithmetic to the float64 {@code reference} backend, so that the guide needs no engine.
 */
// tag::provider[]
@AutoService(BackendProvider.class)
public final class SampleProvider extends AbstractBackendProvider {
    /** The name users select it by: {@code -Dresnetspi.backend=sample}. */
    public static final String NAME = "sample";
    /**
     * Between {@code tensorflow} (20) and {@code djl-mxnet} (30), so that a test can tell this declared rank from the
     * default (100): with every backend on the class path it is the third choice.
     */
    public static final int RANK = 25;

    private static final Map<Capability, String> LACKS = Map.of(
            Capability.AVG_POOL_INCLUDE_PAD, "the sample backend only divides padded average pools by their real cells",
            Capability.GPU, "the sample backend runs on the CPU only");

    private final Backend arithmetic = new ReferenceProvider();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return RANK;
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public BackendInfo info() {
        // A real backend loads its engine here (never in the constructor) and reports a failure as unavailable.
        return BackendInfo.available(NAME, "sample (arithmetic of the reference backend)", "1.0", List.of(Device.CPU),
                Map.of("threads", "1"));
    }

    @Override
    public Map<Capability, String> unsupported() {
        return LACKS;
    }

    @Override
    protected List<Device> devices() {
        return List.of(Device.CPU);
    }

    @Override
    protected String gpuHint() {
        return "The sample backend has no GPU support.";
    }

    @Override
    protected Model compileOn(Network network, CompileOptions options, Device device) {
        Model engine = arithmetic.compile(network, options.withDevice(DeviceRequest.CPU));
        return new SampleModel(this, network, options, device, engine);
    }
}
// end::provider[]
