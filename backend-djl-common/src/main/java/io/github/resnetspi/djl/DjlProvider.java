package io.github.resnetspi.djl;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.BackendUnavailableException;
import io.github.resnetspi.api.Capability;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.api.Threads;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.spi.AbstractBackendProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backend on one DJL engine. Construction is free; the engine (and its native library) loads on the first
 * {@link #info()}, {@link #unsupported()} or {@link #compile}, with {@code ai.djl.offline=true} so that nothing is
 * downloaded at run time, unless the user set that property explicitly ({@code -Dai.djl.offline=false} opens DJL's
 * own download route for CUDA natives, see docs/gpu.md). Subclasses only name the backend and supply the {@link EngineAdapter}.
 */
public abstract class DjlProvider extends AbstractBackendProvider {
    /** What to do when DJL could not write the native library to its cache directory. */
    static final String CACHE_HINT = "DJL copies the engine's native library from its jar into a cache directory"
            + " ($ENGINE_CACHE_DIR, else $DJL_CACHE_DIR, else ~/.djl.ai) before loading it; make that directory"
            + " writable, or point DJL_CACHE_DIR at a writable directory";
    /** DJL's switch that forbids downloads; set before the engine is first touched. */
    public static final String OFFLINE_PROPERTY = "ai.djl.offline";

    /** DJL's names of the build features that change speed, reported when present. */
    private static final List<String> FEATURES = List.of(StandardCapabilities.MKL, StandardCapabilities.MKLDNN,
            StandardCapabilities.OPENMP, StandardCapabilities.CUDA, StandardCapabilities.CUDNN);

    private final EngineAdapter adapter;
    private Engine engine;
    private Threads.Count loadedWith;
    private BackendUnavailableException loadFailure;

    protected DjlProvider(EngineAdapter adapter) {
        this.adapter = adapter;
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public BackendInfo info() {
        try {
            Engine e = engine();
            Map<String, String> details = new LinkedHashMap<>(adapter.details());
            details.put("build features", String.join(", ", FEATURES.stream().filter(e::hasCapability).toList()));
            return BackendInfo.available(name(), e.getEngineName(), adapter.engineVersion(e), devices(e), details);
        } catch (ResnetSpiException e) { // the engine cannot load, or a thread setting is malformed
            return BackendInfo.unavailable(name(), adapter.engineName(), e.getMessage());
        }
    }

    /** Everything is supported; a GPU only where the engine has a CUDA build and sees a device. */
    @Override
    public Map<Capability, String> unsupported() {
        try {
            if (engine().getGpuCount() > 0) {
                return Map.of();
            }
            return Map.of(Capability.GPU, "DJL's " + adapter.engineName() + " engine here sees no GPU. " + adapter.gpuHint());
        } catch (ResnetSpiException e) {
            return Map.of(Capability.GPU, e.getMessage());
        }
    }

    @Override
    protected List<Device> devices() {
        return devices(engine());
    }

    @Override
    protected String gpuHint() {
        return adapter.gpuHint();
    }

    @Override
    protected Model compileOn(Network network, CompileOptions options, Device device) {
        Engine e = engine();
        adapter.useThreads(Threads.resolve(options), loadedWith);
        return new DjlModel(this, network, options, device, e, adapter);
    }

    /** The engine, loaded on first use; a load failure is remembered and reported the same way every time. */
    protected final synchronized Engine engine() {
        if (engine == null && loadFailure == null) {
            if (System.getProperty(OFFLINE_PROPERTY) == null) {
                System.setProperty(OFFLINE_PROPERTY, "true");
            }
            Threads.Count threads = Threads.processDefault();
            OpenMpWaitPolicy.apply(); // both DJL engines' natives bring GNU OpenMP, which reads it only when it loads
            try {
                adapter.beforeNativeLoad(threads);
                engine = Engine.getEngine(adapter.engineName());
                loadedWith = threads;
            } catch (RuntimeException | LinkageError e) {
                loadFailure = NativeJar.firstMissing(adapter.nativeJars())
                        .map(jar -> new BackendUnavailableException("backend '" + name() + "' cannot load DJL's "
                                + adapter.engineName() + " engine: " + jar.artifact() + " is not on the class path;"
                                + " put it there (the backend's Maven dependencies include it)", e))
                        .orElseGet(() -> new BackendUnavailableException("backend '" + name() + "' cannot load DJL's "
                                + adapter.engineName() + " engine: " + BackendUnavailableException.causeChain(e) + ". "
                                + (fileProblem(e) ? CACHE_HINT : adapter.nativeHint()), e));
            }
        }
        if (loadFailure != null) {
            throw loadFailure; // the same failure every time, with its cause (creating a new one would repeat the anchor)
        }
        return engine;
    }

    /** Whether reading or writing a file failed somewhere in the chain (as when DJL extracts its natives). */
    private static boolean fileProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    private static List<Device> devices(Engine e) {
        List<Device> out = new ArrayList<>();
        out.add(Device.CPU);
        for (int i = 0; i < e.getGpuCount(); i++) {
            out.add(Device.gpu(i));
        }
        return out;
    }
}
