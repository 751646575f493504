package io.github.resnetspi.api;

import io.github.resnetspi.api.train.Sgd;
import java.util.Objects;

/**
 * What a model is compiled with, and nothing else: the device, the seed of its initial weights
 * ({@link io.github.resnetspi.api.init.Initializer}), the two SGD settings that shape the state it keeps (momentum
 * decides whether it holds momentum buffers; weight decay is part of every update) and the number of CPU threads its
 * engine computes with. The learning rate and its schedule belong to the caller: they are passed to every
 * {@link Model#trainStep}. A benchmark may add a {@link StepObserver}.
 *
 * @param device      where to run
 * @param seed        seed of the initial weights
 * @param momentum    SGD momentum μ in [0, 1); 0 = plain SGD, no momentum buffers
 * @param weightDecay L2 weight decay, ≥ 0, added to the gradient of every trainable tensor
 * @param threads     CPU threads for the engine's kernels; 0 = the default ({@link Threads#resolve})
 * @param stepObserver told where training steps spend their time; {@link StepObserver#NONE} by default
 */
public record CompileOptions(DeviceRequest device, long seed, double momentum, double weightDecay, int threads,
                             StepObserver stepObserver) {
    /**
     * Checks the momentum, weight decay and thread count.
     *
     * @param device      where to run
     * @param seed        seed of the initial weights
     * @param momentum    SGD momentum μ in [0, 1); 0 = plain SGD, no momentum buffers
     * @param weightDecay L2 weight decay, ≥ 0, added to the gradient of every trainable tensor
     * @param threads     CPU threads for the engine's kernels; 0 = the default ({@link Threads#resolve})
     * @param stepObserver told where training steps spend their time ({@link StepObserver#NONE}: nothing is)
     */
    public CompileOptions {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(stepObserver, "stepObserver");
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be non-negative and finite, got " + weightDecay);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be positive, or 0 for the default, got " + threads);
        }
    }

    /**
     * Options without a step observer.
     *
     * @param device      where to run
     * @param seed        seed of the initial weights
     * @param momentum    SGD momentum μ in [0, 1); 0 = plain SGD, no momentum buffers
     * @param weightDecay L2 weight decay, ≥ 0, added to the gradient of every trainable tensor
     * @param threads     CPU threads for the engine's kernels; 0 = the default ({@link Threads#resolve})
     */
    public CompileOptions(DeviceRequest device, long seed, double momentum, double weightDecay, int threads) {
        this(device, seed, momentum, weightDecay, threads, StepObserver.NONE);
    }

    /** @return CPU, seed 0, plain SGD (no momentum, no weight decay), default threads */
    public static CompileOptions defaults() {
        return new CompileOptions(DeviceRequest.CPU, 0L, 0, 0, 0);
    }

    /**
     * @param d the device to run on
     * @return these options on device {@code d}
     */
    public CompileOptions withDevice(DeviceRequest d) {
        return new CompileOptions(d, seed, momentum, weightDecay, threads, stepObserver);
    }

    /**
     * @param s the seed of the initial weights
     * @return these options with seed {@code s}
     */
    public CompileOptions withSeed(long s) {
        return new CompileOptions(device, s, momentum, weightDecay, threads, stepObserver);
    }

    /**
     * @param m SGD momentum in [0, 1)
     * @return these options with momentum {@code m}
     */
    public CompileOptions withMomentum(double m) {
        return new CompileOptions(device, seed, m, weightDecay, threads, stepObserver);
    }

    /**
     * @param wd L2 weight decay, ≥ 0
     * @return these options with weight decay {@code wd}
     */
    public CompileOptions withWeightDecay(double wd) {
        return new CompileOptions(device, seed, momentum, wd, threads, stepObserver);
    }

    /**
     * @param n CPU threads, or 0 for the default
     * @return these options with {@code n} threads
     */
    public CompileOptions withThreads(int n) {
        return new CompileOptions(device, seed, momentum, weightDecay, n, stepObserver);
    }

    /**
     * The momentum and weight decay of an optimizer configuration (its learning rate and schedule stay with the
     * caller, who passes the rate to each step).
     *
     * @param sgd the optimizer settings a training loop uses
     * @return these options with {@code sgd}'s momentum and weight decay
     */
    public CompileOptions withOptimizer(Sgd sgd) {
        return new CompileOptions(device, seed, sgd.momentum(), sgd.weightDecay(), threads, stepObserver);
    }

    /**
     * @param o told where training steps spend their time; {@link StepObserver#NONE} for nothing
     * @return these options with step observer {@code o}
     */
    public CompileOptions withStepObserver(StepObserver o) {
        return new CompileOptions(device, seed, momentum, weightDecay, threads, o);
    }

    /** @return whether the model keeps momentum buffers (momentum &gt; 0) */
    public boolean hasMomentum() {
        return momentum > 0;
    }
}
