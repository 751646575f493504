package io.github.resnetspi.djl.pytorch;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.api.Threads;
import io.github.resnetspi.api.graph.BatchNorm2d;
import io.github.resnetspi.djl.EngineAdapter;
import io.github.resnetspi.djl.NativeJar;
import io.github.resnetspi.djl.OpenMpThreads;
import io.github.resnetspi.djl.OpenMpWaitPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is particular to PyTorch: {@code torch.batch_norm} already has the API's semantics (biased variance to
 * normalise, running statistics updated in the forward pass with PyTorch's momentum and the unbiased variance), so
 * it is called directly with the momentum as a double (DJL's wrapper would pass {@code 1 − (1 − m)} in float);
 * and gradients accumulate in {@code .grad} across backward passes, so they are zeroed before each one.
 */
final class PytorchAdapter implements EngineAdapter {
    /** DJL's own intra-op thread property, applied by DJL when the engine loads; when the user sets it, it wins. */
    static final String DJL_THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    private Threads.Count applied;

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
    public String nativeHint() {
        return "Check that ai.djl.pytorch:pytorch-native-cpu (classifier linux-x86_64, version 2.7.1) and"
                + " ai.djl.pytorch:pytorch-jni are on the classpath; this backend runs with ai.djl.offline=true and"
                + " downloads nothing";
    }

    @Override
    public List<NativeJar> nativeJars() {
        // Only on the CPU build's class path: one who points DJL at a CUDA libtorch has no pytorch-native-cpu jar.
        if (System.getenv("PYTORCH_LIBRARY_PATH") != null) {
            return List.of(JNI_JAR);
        }
        return List.of(JNI_JAR, new NativeJar("native/lib/pytorch.properties",
                "ai.djl.pytorch:pytorch-native-cpu:2.7.1 (classifier linux-x86_64)"));
    }

    private static final NativeJar JNI_JAR = new NativeJar("jnilib/pytorch.properties", "ai.djl.pytorch:pytorch-jni:2.7.1-0.35.1");

    /**
     * libtorch's intra-op threads can change at any time ({@code at::set_num_threads}); OMP_NUM_THREADS is still set
     * before loading so that MKL and every OpenMP team start at the same count.
     */
    @Override
    public void beforeNativeLoad(Threads.Count threads) {
        OpenMpThreads.preset(threads);
    }

    @Override
    public void useThreads(Threads.Count requested, Threads.Count atLoad) {
        if (userSetting() != null) {
            return; // the user's engine-specific setting wins; details() says so
        }
        if (requested.threads() != JniUtils.getNumThreads()) {
            JniUtils.setNumThreads(requested.threads());
        }
        if (JniUtils.getNumThreads() != requested.threads()) {
            throw new ResnetSpiException("libtorch did not take " + requested.threads() + " intra-op threads (it reports "
                    + JniUtils.getNumThreads() + ")", ErrorAnchor.THREADS);
        }
        applied = requested;
    }

    @Override
    public Map<String, String> details() {
        Map<String, String> d = new LinkedHashMap<>();
        String user = userSetting();
        d.put("intra-op threads", JniUtils.getNumThreads() + " (" + (user != null ? "set by the user: " + user
                : applied != null ? applied.source() : "libtorch's default") + ")");
        d.put("inter-op threads", Integer.toString(JniUtils.getNumInteropThreads()));
        d.put("OMP_NUM_THREADS", OpenMpThreads.describe());
        d.put(OpenMpWaitPolicy.VARIABLE, OpenMpWaitPolicy.describe());
        d.put("memory layout", "channels-last activations on the CPU (NHWC memory under NCHW shapes), NCHW on a GPU");
        return d;
    }

    /** The user's own thread setting for libtorch (DJL's property, else OMP_NUM_THREADS), or null. */
    private static String userSetting() {
        String p = System.getProperty(DJL_THREADS_PROPERTY);
        if (p != null) {
            return "-D" + DJL_THREADS_PROPERTY + "=" + p;
        }
        String omp = OpenMpThreads.userValue();
        return omp == null ? null : "OMP_NUM_THREADS=" + omp;
    }

    @Override
    public NDArray batchNorm(NDArray x, NDArray gamma, NDArray beta, NDArray runningMean, NDArray runningVar,
                             BatchNorm2d op, boolean training) {
        // JniUtils names its parameters (x, gamma, beta, mean, var) but passes them on in libtorch's order
        // (x, running_mean, running_var, weight, bias), which is the order DJL itself calls it with.
        return JniUtils.batchNorm((PtNDArray) x, (PtNDArray) runningMean, (PtNDArray) runningVar, (PtNDArray) gamma,
                (PtNDArray) beta, training, op.momentum(), op.epsilon());
    }

    /**
     * libtorch's channels-last layout on the CPU (NHWC memory under the same NCHW shape): a convolution whose input is
     * channels-last runs oneDNN's NHWC kernels, without the reorders the NCHW layout costs around each one, and writes
     * a channels-last output, which batch norm, relu, add and pooling keep, so every convolution runs that way. The
     * weights stay NCHW (channels-last weights were measured no faster). Measured in docs/benchmarks.md; the GPU keeps
     * NCHW (not measured there).
     */
    @Override
    public NDArray toEngineLayout(NDArray nchw) {
        if (nchw.getDevice().isGpu()) {
            return nchw;
        }
        long[] d = nchw.getShape().getShape();
        // a copy in NHWC order, viewed back as NCHW; for one channel a view with channels-last strides, no copy
        return nchw.transpose(0, 2, 3, 1).reshape(d[0], -1).reshape(d[0], d[2], d[3], d[1]).transpose(0, 3, 1, 2);
    }

    @Override
    public void clearGradients(List<NDArray> trainable) {
        for (NDArray w : trainable) {
            JniUtils.zeroGrad((PtNDArray) w);
        }
    }
}
