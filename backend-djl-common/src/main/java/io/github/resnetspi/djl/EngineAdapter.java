package io.github.resnetspi.djl;

import ai.djl.ndarray.NDArray;
import io.github.resnetspi.api.graph.BatchNorm2d;
import java.util.List;

/**
 * What differs between DJL engines in running a network, and nothing else: everything else of a DJL backend is
 * written once in this module, and the engine's natives (load-time environment, threads, version) have their own
 * owner, the engine's {@link DjlRuntime}. Each engine module implements this interface and passes it to its
 * {@link DjlProvider}.
 */
public interface EngineAdapter {

    /**
     * Batch norm of an NCHW input over N, H, W with the API's semantics ({@link BatchNorm2d}): in training, biased
     * batch variance for normalisation and, as a side effect, the running statistics updated in place in PyTorch's
     * convention (unbiased variance); otherwise normalisation with the running statistics. Must be differentiable
     * with respect to {@code x}, {@code gamma} and {@code beta} when recorded.
     */
    NDArray batchNorm(NDArray x, NDArray gamma, NDArray beta, NDArray runningMean, NDArray runningVar,
                      BatchNorm2d op, boolean training);

    /**
     * The element-wise sum of two arrays of equal shape (the API's {@code Add}: no broadcasting), differentiable in
     * both. DJL's {@code add} is a broadcasting add, whose backward some engines compute as a reduction: an engine with
     * an equal-shape kernel overrides this.
     */
    default NDArray add(NDArray a, NDArray b) {
        return a.add(b);
    }

    /** Waits until the engine finished all work queued so far (engines that run ops asynchronously); for profiling. */
    default void synchronize() {
    }

    /**
     * The engine's own fused kernel for an SGD step with momentum, where it has one that computes the API's update
     * ({@link SgdUpdate}); null, the default, where the update is written with DJL's in-place ops.
     */
    default MomentumKernel momentumKernel() {
        return null;
    }

    /** One SGD step with momentum on one parameter, in place, in the API's (PyTorch's) form. */
    @FunctionalInterface
    interface MomentumKernel {
        /**
         * {@code v = μ·v + g + wd·w;  w = w − lr·v}, with {@code v} in {@code buffer} before and after (PyTorch's
         * {@code momentum_buffer}); temporaries go to the caller's scope.
         *
         * @param gradient     the raw gradient {@code g} (not scaled)
         * @param learningRate at least {@link SgdUpdate#SCALED_RATE_MIN}: a kernel may scale by its inverse
         */
        void step(NDArray weight, NDArray gradient, NDArray buffer, float learningRate, float momentum, float weightDecay);
    }

    /**
     * The input batch (NCHW, in the caller's scope) in the memory layout the engine's convolutions run fastest on, as
     * the same NCHW values; the identity by default. An engine whose ops keep their input's layout then runs the whole
     * network in it. May return a view of {@code nchw}.
     */
    default NDArray toEngineLayout(NDArray nchw) {
        return nchw;
    }

    /** Called before each backward pass, so that the gradients it leaves are those of this step only. */
    void clearGradients(List<NDArray> trainable);

    /**
     * Makes train-mode ops usable outside a gradient collector (an engine may tie batch norm's train mode to a
     * global flag); the returned handle restores the previous state.
     */
    default TrainMode trainModeOutsideCollector() {
        return () -> { };
    }

    /** Restores what {@link #trainModeOutsideCollector()} changed. */
    @FunctionalInterface
    interface TrainMode extends AutoCloseable {
        @Override
        void close();
    }
}
