package io.github.resnetspi.dl4j;

import com.google.auto.service.AutoService;
import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.Capability;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.Threads;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.spi.AbstractBackendProvider;
import io.github.resnetspi.api.spi.BackendProvider;
import java.util.List;
import java.util.Map;

/**
 * The {@code dl4j} backend: Deeplearning4j's SameDiff on ND4J's CPU natives (1.0.0-M2.1). Construction is cheap; the
 * natives load on the first {@link #info()}, {@link #unsupported()} or {@link #compile}. It runs every op and
 * {@link Capability#ALL_NODE_OUTPUTS}; it has no GPU ({@link #HOW_TO_GET_GPU}).
 */
@AutoService(BackendProvider.class)
public final class Dl4jProvider extends AbstractBackendProvider {
    public static final String NAME = "dl4j";
    /** After the three engine backends (10, 20, 30), before the reference (1000). */
    public static final int RANK = 40;
    static final String HOW_TO_GET_GPU = "The dl4j backend ships ND4J's CPU natives only: ND4J's one GPU build for"
            + " 1.0.0-M2.1 is org.nd4j:nd4j-cuda-11.6 (CUDA 11.6, cuDNN 8), which this backend does not support.";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return RANK;
    }

    @Override
    public String artifact() {
        return "io.github.resnetspi:resnet-spi-backend-dl4j";
    }

    @Override
    public BackendInfo info() {
        return Dl4jRuntime.get().info(NAME);
    }

    /** No GPU: this backend ships ND4J's CPU natives only, whatever the machine has. */
    @Override
    public Map<Capability, String> unsupportedByDesign() {
        return Map.of(Capability.GPU, HOW_TO_GET_GPU);
    }

    @Override
    public Map<Capability, String> unsupported() {
        return unsupportedByDesign();
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    protected List<Device> devices() {
        Dl4jRuntime.require();
        return List.of(Device.CPU);
    }

    @Override
    protected String gpuHint() {
        return HOW_TO_GET_GPU;
    }

    @Override
    protected Model compileOn(Network network, CompileOptions options, Device device) {
        Threads.Count threads = Threads.resolve(options);
        Dl4jRuntime runtime = Dl4jRuntime.require();
        runtime.useThreads(threads); // in effect from compile on; each model sets its own again before it computes
        return new Dl4jModel(this, network, options, device, runtime, threads);
    }

    @Override
    public String toString() {
        return "Dl4jProvider[" + NAME + "]";
    }
}
