package io.github.resnetspi.tensorflow;

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
 * The {@code tensorflow} backend: TensorFlow Java 1.1.0 (TensorFlow 2.18) in graph mode. Construction is cheap; the
 * natives load on the first {@link #info()}, {@link #unsupported()} or {@link #compile}. It supports every
 * {@link Capability} but {@link Capability#GPU} where the natives see no GPU: that needs the CUDA natives
 * ({@code docs/errors.md#gpu-unavailable}).
 */
@AutoService(BackendProvider.class)
public final class TensorFlowProvider extends AbstractBackendProvider {
    public static final String NAME = "tensorflow";
    static final String HOW_TO_GET_GPU = "The TensorFlow natives on the class path see no CUDA GPU: a GPU needs"
            + " org.tensorflow:tensorflow-core-native with classifier linux-x86_64-gpu instead of linux-x86_64, on a"
            + " Linux machine with an NVIDIA GPU, CUDA 12 and cuDNN 9.";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return 20;
    }

    @Override
    public String artifact() {
        return "io.github.resnetspi:resnet-spi-backend-tensorflow";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public BackendInfo info() {
        return TensorFlowRuntime.INSTANCE.info(NAME);
    }

    /** The GPU where the loaded natives see none (the CPU build, or no CUDA device); nothing else. */
    @Override
    public Map<Capability, String> unsupported() {
        BackendInfo info = info();
        if (!info.available()) {
            return Map.of(Capability.GPU, info.problem());
        }
        return info.devices().stream().anyMatch(Device::isGpu) ? Map.of() : Map.of(Capability.GPU, HOW_TO_GET_GPU);
    }

    @Override
    protected List<Device> devices() {
        return TensorFlowRuntime.INSTANCE.devices();
    }

    @Override
    protected String gpuHint() {
        return HOW_TO_GET_GPU;
    }

    @Override
    protected Model compileOn(Network network, CompileOptions options, Device device) {
        TensorFlowRuntime.INSTANCE.useThreads(Threads.resolve(options));
        return new TensorFlowModel(this, network, options, device);
    }

    @Override
    public String toString() {
        return "TensorFlowProvider[" + NAME + "]";
    }
}
