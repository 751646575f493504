package io.github.resnetspi.djl;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import io.github.resnetspi.api.BackendUnavailableException;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.Threads;
import io.github.resnetspi.api.spi.NativeRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The natives of one DJL engine in this process, bound on first use with {@code ai.djl.offline=true} so that nothing
 * is downloaded at run time, unless the user set that property explicitly ({@code -Dai.djl.offline=false} opens DJL's
 * own download route for CUDA natives, see docs/gpu.md). Before DJL's {@link Engine} loads, OpenMP's wait policy
 * ({@link OpenMpWaitPolicy}) and the engine's thread environment ({@link #prepareThreads}) are set; a load failure
 * names the missing native jar, else DJL's cache directory or the engine's hint. Each engine module holds one
 * subclass instance in a static and passes it to its {@link DjlProvider}.
 */
public abstract class DjlRuntime extends NativeRuntime {
    /** What to do when DJL could not write the native library to its cache directory. */
    static final String CACHE_HINT = "DJL copies the engine's native library from its jar into a cache directory"
            + " ($ENGINE_CACHE_DIR, else $DJL_CACHE_DIR, else ~/.djl.ai) before loading it; make that directory"
            + " writable, or point DJL_CACHE_DIR at a writable directory";
    /** DJL's switch that forbids downloads; set before the engine is first touched. */
    public static final String OFFLINE_PROPERTY = "ai.djl.offline";

    /** DJL's names of the build features that change speed, reported when present. */
    private static final List<String> FEATURES = List.of(StandardCapabilities.MKL, StandardCapabilities.MKLDNN,
            StandardCapabilities.OPENMP, StandardCapabilities.CUDA, StandardCapabilities.CUDNN);

    private final String backend;
    private Engine engine;

    /** @param backend the name of the backend on this engine, for the load-failure message */
    protected DjlRuntime(String backend) {
        this.backend = backend;
    }

    /**
     * One or two sentences, in terms of artifacts, properties and environment variables (never an application's
     * options): what would let the engine use a GPU. The error that quotes it links {@code docs/errors.md}.
     */
    public abstract String gpuHint();

    /** One sentence: what to check when the engine's native library cannot be loaded. */
    protected abstract String nativeHint();

    /**
     * The jars the engine's natives come from, so that a load failure names the one missing from the class path.
     */
    protected abstract List<NativeJar> nativeJars();

    /**
     * Prepares the natives to start with {@code threads} CPU threads, for what reads its thread count only when it
     * loads (OpenMP); called once, before the engine is first touched. A setting the user made wins.
     *
     * @param threads the neutral thread setting ({@link Threads#processDefault()})
     */
    protected abstract void prepareThreads(Threads.Count threads);

    /** @return the engine's own thread setting the user made (a property or variable of the engine), or null */
    protected abstract String engineThreadSetting();

    /** The user's own thread setting for the engine: the engine's own, else {@code OMP_NUM_THREADS}; or null. */
    @Override
    protected final String userThreadSetting() {
        String own = engineThreadSetting();
        if (own != null) {
            return own;
        }
        String omp = OpenMpThreads.userValue();
        return omp == null ? null : NativeEnvironment.OMP_NUM_THREADS + "=" + omp;
    }

    /** @return the engine's version as reported: DJL's by default */
    @Override
    protected String version() {
        return engine.getVersion();
    }

    /**
     * Sets {@code OMP_NUM_THREADS} for native code to {@code threads} unless the user set it, for {@link #prepareThreads}:
     * OpenMP, MKL and MXNet size their thread teams from it when they load.
     */
    protected static void presetOpenMpThreads(Threads.Count threads) {
        OpenMpThreads.preset(threads);
    }

    /** Adds OpenMP's load-time settings as native code sees them, and who set them, for {@link #engineDetails()}. */
    protected static void putOpenMpDetails(Map<String, String> details) {
        details.put(NativeEnvironment.OMP_NUM_THREADS, OpenMpThreads.describe());
        details.put(OpenMpWaitPolicy.VARIABLE, OpenMpWaitPolicy.describe());
    }

    /** @return the engine's settings in effect that change its speed, in display order, before the build features */
    protected abstract Map<String, String> engineDetails();

    @Override
    protected final Map<String, String> details() {
        Map<String, String> details = new LinkedHashMap<>(engineDetails());
        details.put("build features", String.join(", ", FEATURES.stream().filter(engine::hasCapability).toList()));
        return details;
    }

    /**
     * @return DJL's engine, loaded on first use
     * @throws BackendUnavailableException when it cannot load, the same every time
     */
    public final Engine engine() {
        bind();
        return engine;
    }

    @Override
    protected final void load() {
        if (System.getProperty(OFFLINE_PROPERTY) == null) {
            System.setProperty(OFFLINE_PROPERTY, "true");
        }
        Threads.Count threads = Threads.processDefault();
        OpenMpWaitPolicy.apply(); // both DJL engines' natives bring GNU OpenMP, which reads it only when it loads
        try {
            prepareThreads(threads);
            engine = Engine.getEngine(engineName());
        } catch (RuntimeException | LinkageError e) {
            throw NativeJar.firstMissing(nativeJars())
                    .map(jar -> new BackendUnavailableException("backend '" + backend + "' cannot load DJL's "
                            + engineName() + " engine: " + jar.artifact() + " is not on the class path;"
                            + " put it there (the backend's Maven dependencies include it)", e))
                    .orElseGet(() -> new BackendUnavailableException("backend '" + backend + "' cannot load DJL's "
                            + engineName() + " engine: " + BackendUnavailableException.causeChain(e) + ". "
                            + (fileProblem(e) ? CACHE_HINT : nativeHint()), e));
        }
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

    @Override
    protected final List<Device> deviceList() {
        List<Device> out = new ArrayList<>();
        out.add(Device.CPU);
        for (int i = 0; i < engine.getGpuCount(); i++) {
            out.add(Device.gpu(i));
        }
        return out;
    }
}
