package io.github.resnetspi.dl4j;

import com.google.auto.service.AutoService;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.spi.BackendInfo;
import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.api.spi.Capabilities;
import io.github.resnetspi.api.spi.Capability;
import io.github.resnetspi.api.spi.CompileOptions;
import io.github.resnetspi.api.spi.Device;
import io.github.resnetspi.api.spi.Model;
import io.github.resnetspi.api.spi.Threads;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code dl4j} backend: Deeplearning4j's SameDiff on ND4J's CPU natives (1.0.0-M2.1). Construction is cheap; the
 * natives load on the first {@link #info()}, {@link #unsupported()} or {@link #compile}. It runs every op and
 * {@link Capability#ALL_NODE_OUTPUTS}; it has no GPU ({@link #HOW_TO_GET_GPU}).
 */
@AutoService(BackendProvider.class)
public final class Dl4jProvider implements BackendProvider {
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

    @Override
    public Map<Capability, String> unsupported() {
        return Map.of(Capability.GPU, HOW_TO_GET_GPU);
    }

    @Override
    public Model compile(Network network, CompileOptions options) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(options, "options");
        Capabilities.checkSupported(this, network);
        Threads.Count threads = Threads.resolve(options);
        Dl4jRuntime runtime = Dl4jRuntime.require();
        Device device = options.device().resolve(NAME, List.of(Device.CPU), HOW_TO_GET_GPU);
        return new Dl4jModel(this, network, options, device, runtime, threads);
    }

    @Override
    public String toString() {
        return "Dl4jProvider[" + NAME + "]";
    }
}
