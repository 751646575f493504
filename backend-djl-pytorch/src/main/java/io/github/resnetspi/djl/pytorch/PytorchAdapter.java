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
