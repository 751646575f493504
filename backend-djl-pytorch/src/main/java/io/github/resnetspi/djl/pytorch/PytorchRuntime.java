package io.github.resnetspi.djl.pytorch;

import ai.djl.pytorch.jni.JniUtils;
import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.api.Threads;
import io.github.resnetspi.djl.DjlRuntime;
import io.github.resnetspi.djl.NativeJar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * libtorch in this process ({@link #INSTANCE}): its native jars, and its threads. libtorch's intra-op threads can
 * change at any time ({@code at::set_num_threads}), so a model gets the count it asks for; {@code OMP_NUM_THREADS} is
 * still set before loading so that MKL and every OpenMP team start at the neutral count.
 */
final class PytorchRuntime extends DjlRuntime {
    /** The one instance: libtorch loads once per process. */
    static final PytorchRuntime INSTANCE = new PytorchRuntime();
    /** DJL's own intra-op thread property, applied by DJL when the engine loads; when the user sets it, it wins. */
    static final String DJL_THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    private static final NativeJar JNI_JAR = new NativeJar("jnilib/pytorch.properties", "ai.djl.pytorch:pytorch-jni:2.7.1-0.35.1");

    private PytorchRuntime() {
        super(DjlPytorchProvider.NAME);
    }

    @Override
    public String engineName() {
        return "PyTorch";
    }

    @Override
    public String gpuHint() {
        return "This libtorch is the CPU build (ai.djl.pytorch:pytorch-native-cpu) and has no CUDA: on a machine with an"
                + " NVIDIA GPU, point DJL at a CUDA libtorch (PYTORCH_LIBRARY_PATH, PYTORCH_VERSION, PYTORCH_FLAVOR) with"
                + " DJL's JNI built for it.";
    }

    @Override
    protected String nativeHint() {
        return "Check that ai.djl.pytorch:pytorch-native-cpu (classifier linux-x86_64, version 2.7.1) and"
                + " ai.djl.pytorch:pytorch-jni are on the classpath; this backend runs with ai.djl.offline=true and"
                + " downloads nothing";
    }

    @Override
    protected List<NativeJar> nativeJars() {
        // Only on the CPU build's class path: one who points DJL at a CUDA libtorch has no pytorch-native-cpu jar.
        if (System.getenv("PYTORCH_LIBRARY_PATH") != null) {
            return List.of(JNI_JAR);
        }
        return List.of(JNI_JAR, new NativeJar("native/lib/pytorch.properties",
                "ai.djl.pytorch:pytorch-native-cpu:2.7.1 (classifier linux-x86_64)"));
    }

    @Override
    protected void prepareThreads(Threads.Count threads) {
        presetOpenMpThreads(threads);
    }

    @Override
    protected String engineThreadSetting() {
        String p = System.getProperty(DJL_THREADS_PROPERTY);
        return p == null ? null : "-D" + DJL_THREADS_PROPERTY + "=" + p;
    }

    @Override
    protected int engineThreads() {
        return JniUtils.getNumThreads();
    }

    @Override
    protected String threadSource() {
        return "libtorch's default";
    }

    @Override
    protected boolean changeThreads(int threads) {
        if (threads != JniUtils.getNumThreads()) {
            JniUtils.setNumThreads(threads);
        }
        if (JniUtils.getNumThreads() != threads) {
            throw new ResnetSpiException("libtorch did not take " + threads + " intra-op threads (it reports "
                    + JniUtils.getNumThreads() + ")", ErrorAnchor.THREADS);
        }
        return true;
    }

    @Override
    protected Map<String, String> engineDetails() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(INTRA_OP, intraOpDetail());
        d.put("inter-op threads", Integer.toString(JniUtils.getNumInteropThreads()));
        putOpenMpDetails(d);
        d.put("memory layout", "channels-last activations on the CPU (NHWC memory under NCHW shapes), NCHW on a GPU");
        return d;
    }
}
