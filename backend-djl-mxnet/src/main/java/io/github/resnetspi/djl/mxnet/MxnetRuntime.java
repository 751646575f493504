package io.github.resnetspi.djl.mxnet;

import ai.djl.mxnet.jna.LibUtils;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.github.resnetspi.api.Threads;
import io.github.resnetspi.djl.DjlRuntime;
import io.github.resnetspi.djl.NativeJar;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * MXNet in this process ({@link #INSTANCE}): its native jar, its version and its threads.
 * <ul>
 *   <li>Threads: MXNet fixes the count every operator's OpenMP team uses when its library initialises, from
 *       {@code OMP_NUM_THREADS} (or {@value #MXNET_OMP_MAX_THREADS}), else half the processors on x86; so
 *       {@code OMP_NUM_THREADS} is set before it loads, and a model asking for another count afterwards is refused.
 *       The count is {@code mxnet::engine::OpenMP::GetRecommendedOMPThreadCount}; the C API has no query, so the two
 *       exported C++ functions are called directly.</li>
 *   <li>The version is the release the native library was built from, 1.9.1 ({@link #version}): the
 *       {@code libmxnet.so} of {@code ai.djl.mxnet:mxnet-native-mkl:1.9.1} (built 2022-08-12, its
 *       {@code native/lib/mxnet.properties} says {@code version=1.9.1-20220812}) answers {@code MXGetVersion} with
 *       10900, which DJL prints as 1.9.0; both are shown.</li>
 * </ul>
 */
final class MxnetRuntime extends DjlRuntime {
    /** The one instance: MXNet loads once per process. */
    static final MxnetRuntime INSTANCE = new MxnetRuntime();
    /** MXNet's own cap on operator threads; when the user sets it, it wins like OMP_NUM_THREADS. */
    static final String MXNET_OMP_MAX_THREADS = "MXNET_OMP_MAX_THREADS";
    /** Where DJL's MXNet native jar names the release its libraries were built from. */
    static final String NATIVE_PROPERTIES = "native/lib/mxnet.properties";
    /** The environment variable that makes DJL load another libmxnet.so than the native jar's. */
    static final String LIBRARY_PATH_ENV = "MXNET_LIBRARY_PATH";

    private static final String OPEN_MP_GET = "_ZN5mxnet6engine6OpenMP3GetEv";
    private static final String RECOMMENDED = "_ZNK5mxnet6engine6OpenMP28GetRecommendedOMPThreadCountEb";

    private Threads.Count loadedWith;

    private MxnetRuntime() {
        super(DjlMxnetProvider.NAME);
    }

    @Override
    public String engineName() {
        return "MXNet";
    }

    @Override
    public String gpuHint() {
        return "This MXNet is the CPU build (ai.djl.mxnet:mxnet-native-mkl) and has no CUDA; MXNet 1.9's CUDA builds"
                + " (CUDA 11.2) do not support recent GPUs, so use the djl-pytorch or tensorflow backend for GPU work.";
    }

    @Override
    protected String nativeHint() {
        return "Check that ai.djl.mxnet:mxnet-native-mkl (classifier linux-x86_64, version 1.9.1) is on the classpath"
                + " (it needs libgomp); this backend runs with ai.djl.offline=true and downloads nothing";
    }

    @Override
    protected List<NativeJar> nativeJars() {
        return List.of(new NativeJar(NATIVE_PROPERTIES, "ai.djl.mxnet:mxnet-native-mkl:1.9.1 (classifier linux-x86_64)"));
    }

    /**
     * The release of the native jar's library, e.g. {@code 1.9.1}, followed by the number the library reports
     * itself when that differs (DJL's {@code Engine.getVersion()}); that number alone for a library of the user's
     * ({@value #LIBRARY_PATH_ENV}) or when the jar names none.
     */
    @Override
    protected String version() {
        String reported = super.version();
        String release = System.getenv(LIBRARY_PATH_ENV) == null ? nativeJarRelease() : null;
        if (release == null || release.equals(reported)) {
            return reported;
        }
        return release + " (libmxnet.so's own version number: " + reported + ")";
    }

    /** @return the release named by the native jar on the class path ({@code version=1.9.1-20220812} gives 1.9.1), or null */
    static String nativeJarRelease() {
        try (InputStream in = MxnetRuntime.class.getClassLoader().getResourceAsStream(NATIVE_PROPERTIES)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            String version = p.getProperty("version");
            return version == null ? null : version.replaceFirst("-\\d{8}$", "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + NATIVE_PROPERTIES + " of ai.djl.mxnet:mxnet-native-mkl", e);
        }
    }

    @Override
    protected void prepareThreads(Threads.Count threads) {
        if (System.getenv(MXNET_OMP_MAX_THREADS) == null) {
            presetOpenMpThreads(threads);
        }
        loadedWith = threads;
    }

    @Override
    protected String engineThreadSetting() {
        String max = System.getenv(MXNET_OMP_MAX_THREADS);
        return max == null ? null : MXNET_OMP_MAX_THREADS + "=" + max;
    }

    /** @return the number of threads MXNet's operators run with */
    @Override
    protected int engineThreads() {
        NativeLibrary lib = NativeLibrary.getInstance(LibUtils.getLibName());
        Pointer openMp = lib.getFunction(OPEN_MP_GET).invokePointer(new Object[0]);
        return lib.getFunction(RECOMMENDED).invokeInt(new Object[] {openMp, Boolean.TRUE});
    }

    @Override
    protected String threadSource() {
        return loadedWith.source();
    }

    @Override
    protected String threadsFixedWhen() {
        return "MXNet fixes its operator threads when its library loads";
    }

    @Override
    protected Map<String, String> engineDetails() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(INTRA_OP, intraOpDetail());
        putOpenMpDetails(d);
        d.put("engine", System.getenv().getOrDefault("MXNET_ENGINE_TYPE", "ThreadedEnginePerDevice (default)"));
        return d;
    }
}
