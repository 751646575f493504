package io.github.resnetspi.djl.mxnet;

import ai.djl.engine.Engine;
import ai.djl.mxnet.engine.MxGradientCollector;
import ai.djl.mxnet.engine.MxNDManager;
import ai.djl.mxnet.engine.MxOpParams;
import ai.djl.mxnet.jna.JnaUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.api.Threads;
import io.github.resnetspi.api.graph.BatchNorm2d;
import io.github.resnetspi.djl.EngineAdapter;
import io.github.resnetspi.djl.NativeJar;
import io.github.resnetspi.djl.OpenMpThreads;
import io.github.resnetspi.djl.OpenMpWaitPolicy;
import io.github.resnetspi.djl.RunningStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What is particular to MXNet.
 * <ul>
 *   <li>MXNet's batch norm updates its moving statistics in the <em>backward</em> pass (so a train-mode forward
 *       alone would not update them), with {@code m·old + (1−m)·batch} and the <em>biased</em> variance. The fused
 *       op is therefore given throw-away copies of the running statistics, and the API's update (PyTorch
 *       convention, unbiased variance) is computed in the forward pass with recording paused, from the batch mean and
 *       inverse standard deviation the fused op outputs ({@code output_mean_var}): no extra pass over the
 *       activations.</li>
 *   <li>Batch norm's train mode must match MXNet's global autograd training flag, so a train-mode forward outside a
 *       gradient collector sets that flag for its duration.</li>
 *   <li>The API's add (equal shapes) is MXNet's {@code elemwise_add}, whose backward passes the gradient through;
 *       DJL's {@code add} is the broadcasting {@code _npi_add}, whose backward is a reduction (2–3 % of a 96×96
 *       step).</li>
 *   <li>Gradients are written (not accumulated) by each backward pass: nothing to clear.</li>
 *   <li>The momentum step is MXNet's fused {@code sgd_mom_update} ({@link #momentumKernel()}).</li>
 *   <li>The version is the release the native library was built from, 1.9.1 ({@link #engineVersion}): the
 *       {@code libmxnet.so} of {@code ai.djl.mxnet:mxnet-native-mkl:1.9.1} (built 2022-08-12, its
 *       {@code native/lib/mxnet.properties} says {@code version=1.9.1-20220812}) answers {@code MXGetVersion} with
 *       10900, which DJL prints as 1.9.0; both are shown.</li>
 * </ul>
 */
final class MxnetAdapter implements EngineAdapter {
    /** MXNet's own cap on operator threads; when the user sets it, it wins like OMP_NUM_THREADS. */
    static final String MXNET_OMP_MAX_THREADS = "MXNET_OMP_MAX_THREADS";

    private Threads.Count loadedWith;

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
    public String nativeHint() {
        return "Check that ai.djl.mxnet:mxnet-native-mkl (classifier linux-x86_64, version 1.9.1) is on the classpath"
                + " (it needs libgomp); this backend runs with ai.djl.offline=true and downloads nothing";
    }

    /** Where DJL's MXNet native jar names the release its libraries were built from. */
    static final String NATIVE_PROPERTIES = "native/lib/mxnet.properties";
    /** The environment variable that makes DJL load another libmxnet.so than the native jar's. */
    static final String LIBRARY_PATH_ENV = "MXNET_LIBRARY_PATH";

    /**
     * The release of the native jar's library, e.g. {@code 1.9.1}, followed by the number the library reports
     * itself when that differs (DJL's {@link Engine#getVersion()}); that number alone for a library of the user's
     * ({@value #LIBRARY_PATH_ENV}) or when the jar names none.
     */
    @Override
    public String engineVersion(Engine engine) {
        String reported = engine.getVersion();
        String release = System.getenv(LIBRARY_PATH_ENV) == null ? nativeJarRelease() : null;
        if (release == null || release.equals(reported)) {
            return reported;
        }
        return release + " (libmxnet.so's own version number: " + reported + ")";
    }

    /** @return the release named by the native jar on the class path ({@code version=1.9.1-20220812} gives 1.9.1), or null */
    static String nativeJarRelease() {
        try (InputStream in = MxnetAdapter.class.getClassLoader().getResourceAsStream(NATIVE_PROPERTIES)) {
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
    public List<NativeJar> nativeJars() {
        return List.of(new NativeJar(NATIVE_PROPERTIES, "ai.djl.mxnet:mxnet-native-mkl:1.9.1 (classifier linux-x86_64)"));
    }

    /** MXNet reads its thread count once, when its library initialises: only OMP_NUM_THREADS set before then counts. */
    @Override
    public void beforeNativeLoad(Threads.Count threads) {
        if (System.getenv(MXNET_OMP_MAX_THREADS) == null) {
            OpenMpThreads.preset(threads);
        }
        loadedWith = threads;
    }

    @Override
    public void useThreads(Threads.Count requested, Threads.Count atLoad) {
        int actual = MxnetThreads.recommended();
        if (userSetting() != null || requested.threads() == actual) {
            return; // the user's engine-specific setting wins; details() says so
        }
        throw new ResnetSpiException("MXNet fixes its operator threads when its library loads (" + actual + " here, from "
                + atLoad.source() + "); a model cannot ask for " + requested.threads() + " (" + requested.source()
                + ") afterwards: set -D" + Threads.PROPERTY + "=" + requested.threads() + " before MXNet first loads,"
                + " or run that model in another JVM", ErrorAnchor.THREADS);
    }

    @Override
    public Map<String, String> details() {
        Map<String, String> d = new LinkedHashMap<>();
        String user = userSetting();
        d.put("intra-op threads", MxnetThreads.recommended() + " (" + (user != null ? "set by the user: " + user
                : loadedWith.source()) + ")");
        d.put("OMP_NUM_THREADS", OpenMpThreads.describe());
        d.put(OpenMpWaitPolicy.VARIABLE, OpenMpWaitPolicy.describe());
        d.put("engine", System.getenv().getOrDefault("MXNET_ENGINE_TYPE", "ThreadedEnginePerDevice (default)"));
        return d;
    }

    /** The user's own thread setting for MXNet, or null. */
    private static String userSetting() {
        String max = System.getenv(MXNET_OMP_MAX_THREADS);
        if (max != null) {
            return MXNET_OMP_MAX_THREADS + "=" + max;
        }
        String omp = OpenMpThreads.userValue();
        return omp == null ? null : "OMP_NUM_THREADS=" + omp;
    }

    @Override
    public NDArray batchNorm(NDArray x, NDArray gamma, NDArray beta, NDArray runningMean, NDArray runningVar,
                             BatchNorm2d op, boolean training) {
        if (!training) {
            return x.getNDArrayInternal().batchNorm(x, runningMean, runningVar, gamma, beta, 1, (float) (1 - op.momentum()),
                    (float) op.epsilon(), false).singletonOrThrow();
        }
        MxOpParams params = new MxOpParams();
        params.addParam("axis", 1);
        params.addParam("fix_gamma", false);
        params.addParam("eps", (float) op.epsilon());
        params.addParam("momentum", (float) (1 - op.momentum()));
        params.addParam("output_mean_var", true);
        // outputs: y, batch mean, batch 1/sqrt(biased var + eps); the moving statistics MXNet updates in backward are copies
        NDList out = ((MxNDManager) x.getManager()).invoke("_npx_batch_norm",
                new NDList(x, gamma, beta, runningMean.duplicate(), runningVar.duplicate()), params);
        boolean wasRecording = MxGradientCollector.setRecording(false);
        try {
            long[] d = x.getShape().getShape();
            NDArray biasedVar = out.get(2).square().pow(-1).sub((float) op.epsilon());
            RunningStats.update(runningMean, runningVar, out.get(1), biasedVar, d[0] * d[2] * d[3], op.momentum());
        } finally {
            MxGradientCollector.setRecording(wasRecording);
        }
        return out.get(0);
    }

    @Override
    public NDArray add(NDArray a, NDArray b) {
        return ((MxNDManager) a.getManager()).invoke("elemwise_add", new NDList(a, b), null).singletonOrThrow();
    }

    /**
     * MXNet's {@code sgd_mom_update} keeps its state as {@code s = μ'·s − lr·(g + wd·w); w = w + s}, one pass over the
     * three arrays. Given PyTorch's buffer {@code v} as {@code s} and {@code μ' = −μ·lr}, it leaves {@code s = −lr·(μ·v +
     * g + wd·w)}, which is {@code −lr} times the new {@code v}, and the new weights; one scale by {@code −1/lr} makes the
     * buffer {@code v} again. Two passes where the generic update takes six (timed in docs/benchmarks.md, "Where a
     * step's time goes").
     */
    @Override
    public MomentumKernel momentumKernel() {
        return (weight, gradient, buffer, lr, momentum, weightDecay) -> {
            MxOpParams params = new MxOpParams();
            params.addParam("lr", lr);
            params.addParam("momentum", -momentum * lr);
            params.addParam("wd", weightDecay);
            params.addParam("rescale_grad", 1f);
            params.addParam("clip_gradient", -1f);
            ((MxNDManager) weight.getManager()).invoke("sgd_mom_update", new NDList(weight, gradient, buffer),
                    new NDList(weight), params);
            buffer.muli(-1 / lr);
        };
    }

    @Override
    public void synchronize() {
        JnaUtils.waitAll();
    }

    @Override
    public void clearGradients(List<NDArray> trainable) {
        // grad_req is "write": each backward overwrites the gradients
    }

    @Override
    public TrainMode trainModeOutsideCollector() {
        boolean was = MxGradientCollector.setTraining(true);
        return () -> MxGradientCollector.setTraining(was);
    }
}
