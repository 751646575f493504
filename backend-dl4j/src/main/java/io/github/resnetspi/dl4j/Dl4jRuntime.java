package io.github.resnetspi.dl4j;

import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.BackendUnavailableException;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.api.Threads;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * ND4J's natives, loaded once per JVM on first use: which native build ({@link NativeBuild}), the engine version, the
 * thread count in effect, or the one-sentence reason the engine cannot be used. ND4J's kernel threads are one
 * process-wide setting that can change at any time; each model sets its own count before it computes
 * ({@link #useThreads}).
 */
final class Dl4jRuntime {
    static final String ENGINE = "Deeplearning4j SameDiff (ND4J)";
    private static final String ARTIFACT = "org.nd4j:nd4j-native:" + version();
    private static Dl4jRuntime loaded;

    private final NativeBuild build;
    private final ResnetSpiException problem;
    private String threadsSource;

    private Dl4jRuntime(NativeBuild build, ResnetSpiException problem) {
        this.build = build;
        this.problem = problem;
    }

    /** Loads the natives on the first call; never throws. */
    static synchronized Dl4jRuntime get() {
        if (loaded == null) {
            loaded = load();
        }
        return loaded;
    }

    /** The loaded runtime, or {@link BackendUnavailableException} with the reason. */
    static Dl4jRuntime require() {
        Dl4jRuntime rt = get();
        if (rt.problem != null) {
            throw rt.problem;
        }
        return rt;
    }

    private static Dl4jRuntime load() {
        Threads.Count threads;
        try {
            threads = Threads.processDefault();
        } catch (ResnetSpiException e) {
            return new Dl4jRuntime(null, e);
        }
        NativeBuild build = NativeBuild.choose();
        try {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
            Environment env = Nd4j.getEnvironment();
            if (!env.isCPU()) {
                return new Dl4jRuntime(build, new BackendUnavailableException("The ND4J backend on the class path"
                        + " is not the CPU one (nd4j-native); the dl4j backend runs on " + ARTIFACT + " only."));
            }
            Dl4jRuntime rt = new Dl4jRuntime(build, null);
            rt.useThreads(threads);
            return rt;
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError...
            return new Dl4jRuntime(build, new BackendUnavailableException("The ND4J native library ("
                    + build.classifier() + ") could not be loaded (" + BackendUnavailableException.causeChain(e)
                    + "); put " + ARTIFACT + " with the classifier linux-x86_64 (or linux-x86_64-avx2 /"
                    + " linux-x86_64-avx512 for this CPU) and org.bytedeco:openblas with classifier linux-x86_64 on the"
                    + " class path, or set -D" + NativeBuild.EXTENSION_PROPERTY + "= (empty) for the generic build.", e));
        }
    }

    /**
     * Sets ND4J's kernel threads (a process-wide setting) to {@code count}, unless it already is: the OpenMP pool of
     * its natives ({@code setOmpNumThreads}; {@code Environment.setMaxThreads} has no effect in 1.0.0-M2.1) and the
     * threads its Java side may start ({@code setMaxMasterThreads}).
     */
    synchronized void useThreads(Threads.Count count) {
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        if (ops.ompGetMaxThreads() != count.threads()) {
            ops.setOmpNumThreads(count.threads());
        }
        Environment env = Nd4j.getEnvironment();
        if (env.maxMasterThreads() != count.threads()) {
            env.setMaxMasterThreads(count.threads());
        }
        threadsSource = count.source();
    }

    synchronized BackendInfo info(String backend) {
        if (problem != null) {
            return BackendInfo.unavailable(backend, ENGINE, problem.getMessage());
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("intra-op threads", NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads() + " ("
                + threadsSource + ")");
        details.put("native build", build.toString());
        details.put("BLAS", "OpenBLAS (org.bytedeco:openblas " + version("org.bytedeco", "openblas") + ")");
        details.put("JavaCPP", version("org.bytedeco", "javacpp") + " (ND4J " + version() + " is built on 1.5.7)");
        details.put("data type", "float32");
        return BackendInfo.available(backend, ENGINE, version(), List.of(Device.CPU), details);
    }

    /** ND4J's version, from the Maven properties in its jar; {@code unknown} without them. */
    static String version() {
        return version("org.nd4j", "nd4j-api");
    }

    /** The version of the artifact on the class path, from the Maven properties in its jar; {@code unknown} without them. */
    private static String version(String group, String artifact) {
        String pom = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (java.io.InputStream in = Dl4jRuntime.class.getClassLoader().getResourceAsStream(pom)) {
            if (in == null) {
                return "unknown";
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
