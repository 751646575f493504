package io.github.resnetspi.onnxruntime;

import com.google.auto.service.AutoService;
import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.Capability;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.api.Threads;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.spi.AbstractBackendProvider;
import io.github.resnetspi.api.spi.BackendProvider;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code onnxruntime} backend: inference on ONNX Runtime (CPU build). {@code compile} exports the network and its
 * state with {@link io.github.resnetspi.onnx.OnnxExport} in memory and opens a session on it; an EVAL-mode forward
 * runs that session. It lacks {@link Capability#TRAINING} (the exported graph is the inference form) and
 * {@link Capability#GPU} (the CPU build has no CUDA execution provider).
 */
@AutoService(BackendProvider.class)
public final class OnnxRuntimeProvider extends AbstractBackendProvider {
    /** The name users select it by: {@code -Dresnetspi.backend=onnxruntime}. */
    public static final String NAME = "onnxruntime";
    /** After the training engines (10–30): an application that trains and names no backend never gets this one. */
    public static final int RANK = 50;
    /** Why it does not train. */
    static final String TRAINING_REASON = "inference only: ONNX Runtime runs the network exported for inference"
            + " (batch norm with its running statistics); train on another backend and evaluate its checkpoint here";
    /** Why it has no GPU, and what to use instead. */
    static final String GPU_REASON = "The CPU build of ONNX Runtime (com.microsoft.onnxruntime:onnxruntime) has no CUDA"
            + " execution provider; its GPU build, com.microsoft.onnxruntime:onnxruntime_gpu, and the CUDA it needs are in"
            + " docs/gpu.md.";

    /** Instantiated by {@link java.util.ServiceLoader}; loads nothing. */
    public OnnxRuntimeProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return RANK;
    }

    @Override
    public BackendInfo info() {
        String problem = OnnxRuntimeEngine.problem();
        if (problem != null) {
            return BackendInfo.unavailable(NAME, "ONNX Runtime", problem);
        }
        Map<String, String> details;
        try {
            details = OnnxRuntimeEngine.details();
        } catch (ResnetSpiException e) {
            return BackendInfo.unavailable(NAME, "ONNX Runtime", e.getMessage());
        }
        return BackendInfo.available(NAME, "ONNX Runtime", OnnxRuntimeEngine.version(), List.of(Device.CPU), details);
    }

    /** Both lacks are by design: this backend never trains, and its ONNX Runtime build has no GPU provider. */
    @Override
    public Map<Capability, String> unsupported() {
        return unsupportedByDesign();
    }

    @Override
    public Map<Capability, String> unsupportedByDesign() {
        Map<Capability, String> lacks = new EnumMap<>(Capability.class);
        lacks.put(Capability.GPU, GPU_REASON);
        lacks.put(Capability.TRAINING, TRAINING_REASON);
        return lacks;
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    /** The CPU alone; loads the engine (and throws when it cannot load). */
    @Override
    protected List<Device> devices() {
        OnnxRuntimeEngine.environment();
        return List.of(Device.CPU);
    }

    @Override
    protected String gpuHint() {
        return GPU_REASON;
    }

    @Override
    protected Model compileOn(Network network, CompileOptions options, Device device) {
        return new OnnxRuntimeModel(this, network, options, device, Threads.resolve(options));
    }

    @Override
    public String toString() {
        return "OnnxRuntimeProvider[" + NAME + "]";
    }
}
