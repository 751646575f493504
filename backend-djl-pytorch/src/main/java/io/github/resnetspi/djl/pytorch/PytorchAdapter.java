package io.github.resnetspi.djl.pytorch;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.github.resnetspi.api.graph.BatchNorm2d;
import io.github.resnetspi.djl.EngineAdapter;
import java.util.List;

/**
 * What is particular to PyTorch: {@code torch.batch_norm} already has the API's semantics (biased variance to
 * normalise, running statistics updated in the forward pass with PyTorch's momentum and the unbiased variance), so
 * it is called directly with the momentum as a double (DJL's wrapper would pass {@code 1 − (1 − m)} in float);
 * and gradients accumulate in {@code .grad} across backward passes, so they are zeroed before each one.
 */
final class PytorchAdapter implements EngineAdapter {

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
    public NDArray batchNorm(NDArray x, NDArray gamma, NDArray beta, NDArray runningMean, NDArray runningVar,
                             BatchNorm2d op, boolean training) {
        // JniUtils names its parameters (x, gamma, beta, mean, var) but passes them on in libtorch's order
        // (x, running_mean, running_var, weight, bias), which is the order DJL itself calls it with.
        return JniUtils.batchNorm((PtNDArray) x, (PtNDArray) runningMean, (PtNDArray) runningVar, (PtNDArray) gamma,
                (PtNDArray) beta, training, op.momentum(), op.epsilon());
    }

    @Override
    public void clearGradients(List<NDArray> trainable) {
        for (NDArray w : trainable) {
            JniUtils.zeroGrad((PtNDArray) w);
        }
    }
}
