package io.github.resnetspi.djl;

import ai.djl.engine.Engine;
import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.Capability;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.api.Threads;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.spi.AbstractBackendProvider;
import java.util.List;
import java.util.Map;

/**
 * A backend on one DJL engine. Construction is free; the engine's natives ({@link DjlRuntime}, one per engine and
 * process) load on the first {@link #info()}, {@link #unsupported()} or {@link #compile}. Subclasses only name the
 * backend and supply the engine's runtime and {@link EngineAdapter}.
 */
public abstract class DjlProvider extends AbstractBackendProvider {
    private final DjlRuntime runtime;
    private final EngineAdapter adapter;

    protected DjlProvider(DjlRuntime runtime, EngineAdapter adapter) {
        this.runtime = runtime;
        this.adapter = adapter;
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public BackendInfo info() {
        return runtime.info(name());
    }

    /** Everything is supported; a GPU only where the engine has a CUDA build and sees a device. */
    @Override
    public Map<Capability, String> unsupported() {
        try {
            if (runtime.engine().getGpuCount() > 0) {
                return Map.of();
            }
            return Map.of(Capability.GPU, "DJL's " + runtime.engineName() + " engine here sees no GPU. " + runtime.gpuHint());
        } catch (ResnetSpiException e) {
            return Map.of(Capability.GPU, e.getMessage());
        }
    }

    @Override
    protected List<Device> devices() {
        return runtime.devices();
    }

    @Override
    protected String gpuHint() {
        return runtime.gpuHint();
    }

    @Override
    protected Model compileOn(Network network, CompileOptions options, Device device) {
        Engine engine = runtime.engine();
        runtime.useThreads(Threads.resolve(options));
        return new DjlModel(this, network, options, device, engine, adapter);
    }
}
