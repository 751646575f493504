package io.github.resnetspi.tensorflow;

import com.google.auto.service.AutoService;
import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.Capability;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.ResnetSpiException;
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
        return TensorFlowRuntime.get().info(NAME);
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
        return TensorFlowRuntime.require().devices();
    }

    @Override
    protected String gpuHint() {
        return HOW_TO_GET_GPU;
    }

    @Override
    protected Model compileOn(Network network, CompileOptions options, Device device) {
        checkThreads(Threads.resolve(options), TensorFlowRuntime.require().settings());
        return new TensorFlowModel(this, network, options, device);
    }

    /**
     * TensorFlow's CPU pools were sized when the natives loaded; a model asking for another count cannot have it,
     * unless the user set TensorFlow's own property (which wins).
     */
    private static void checkThreads(Threads.Count requested, SessionSettings settings) {
        if (!settings.userSetIntraOp() && requested.threads() != settings.intraOp()) {
            throw new ResnetSpiException("TensorFlow sizes its CPU thread pools once per process, when its natives load ("
                    + settings.intraOp() + " intra-op threads here, from " + settings.intraSource() + "); a model cannot ask"
                    + " for " + requested.threads() + " (" + requested.source() + ") afterwards: set -D" + Threads.PROPERTY
                    + "=" + requested.threads() + " before TensorFlow first loads, or run that model in another JVM",
                    ErrorAnchor.THREADS);
        }
    }

    @Override
    public String toString() {
        return "TensorFlowProvider[" + NAME + "]";
    }
}
