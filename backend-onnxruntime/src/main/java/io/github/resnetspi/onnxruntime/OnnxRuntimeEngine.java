package io.github.resnetspi.onnxruntime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.github.resnetspi.api.BackendUnavailableException;
import io.github.resnetspi.api.Threads;
import io.github.resnetspi.onnx.OnnxExport;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * ONNX Runtime's native side, loaded once per process on first use: the {@link OrtEnvironment} (its natives come with
 * the {@code onnxruntime} jar), its version and execution providers, and the session options every model uses.
 */
final class OnnxRuntimeEngine {
    /**
     * Each session's inter-op pool: one thread. Sessions run the graph's nodes one after another (ONNX Runtime's
     * sequential execution, its default), each node on the intra-op threads.
     */
    static final int INTER_OP_THREADS = 1;

    private static volatile Loaded loaded;
    /** The intra-op thread count of the last session opened, or null before the first. */
    private static volatile Threads.Count lastSessionThreads;

    private OnnxRuntimeEngine() {
    }

    /** The loaded engine, or why it could not load. */
    private record Loaded(OrtEnvironment environment, String problem) {
    }

    private static Loaded load() {
        Loaded l = loaded;
        if (l == null) {
            synchronized (OnnxRuntimeEngine.class) {
                l = loaded;
                if (l == null) {
                    l = tryLoad();
                    loaded = l;
                }
            }
        }
        return l;
    }

    private static Loaded tryLoad() {
        try {
            return new Loaded(OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "resnet-spi"), null);
        } catch (RuntimeException | LinkageError e) {
            return new Loaded(null, "ONNX Runtime's natives did not load (" + BackendUnavailableException.causeChain(e)
                    + "): keep com.microsoft.onnxruntime:onnxruntime on the class path, on a platform it ships natives for"
                    + " (Linux, macOS or Windows on x86-64 or aarch64)");
        }
    }

    /** @return why the engine is unavailable, or null when it loaded */
    static String problem() {
        return load().problem();
    }

    /**
     * @return the environment
     * @throws BackendUnavailableException when the natives did not load
     */
    static OrtEnvironment environment() {
        Loaded l = load();
        if (l.environment() == null) {
            throw new BackendUnavailableException(l.problem());
        }
        return l.environment();
    }

    /** @return the engine's version, e.g. {@code 1.20.0} */
    static String version() {
        return environment().getVersion();
    }

    /** @return the execution providers this build of ONNX Runtime offers, e.g. {@code CPU} */
    static EnumSet<OrtProvider> executionProviders() {
        return OrtEnvironment.getAvailableProviders();
    }

    /**
     * @param threads the intra-op thread count
     * @return session options with that many intra-op threads, {@value #INTER_OP_THREADS} inter-op thread and every graph
     *         optimisation
     * @throws OrtException when ONNX Runtime refuses a setting
     */
    static OrtSession.SessionOptions sessionOptions(Threads.Count threads) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        try {
            o.setIntraOpNumThreads(threads.threads());
            o.setInterOpNumThreads(INTER_OP_THREADS);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            lastSessionThreads = threads;
            return o;
        } catch (OrtException e) {
            o.close();
            throw e;
        }
    }

    /**
     * Each session has its own pools, sized by the options it was opened with (ONNX Runtime reads no count back): the
     * count reported is the one the last session was opened with, else the one a model compiled now would get.
     *
     * @return the settings in effect, for {@code BackendInfo.details()}
     * @throws io.github.resnetspi.api.ResnetSpiException when the thread setting is not a positive whole number
     */
    static Map<String, String> details() {
        Threads.Count last = lastSessionThreads;
        String threads = last != null ? last.threads() + " (" + last.source() + "; the last session opened)"
                : Threads.processDefault().threads() + " (" + Threads.processDefault().source() + ")";
        Map<String, String> d = new LinkedHashMap<>();
        d.put("intra-op threads", threads);
        d.put("inter-op threads", INTER_OP_THREADS + " (fixed: nodes run one after another)");
        d.put("execution providers", executionProviders().stream().map(Enum::name).collect(Collectors.joining(", ")));
        d.put("graph", "exported by resnet-spi onnx-export, ONNX opset " + OnnxExport.OPSET + ", eval-mode batch norm");
        return d;
    }
}
