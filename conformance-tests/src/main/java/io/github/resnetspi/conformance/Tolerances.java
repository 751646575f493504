package io.github.resnetspi.conformance;

import io.github.resnetspi.api.graph.Add;
import io.github.resnetspi.api.graph.AvgPool2d;
import io.github.resnetspi.api.graph.BatchNorm2d;
import io.github.resnetspi.api.graph.Conv2d;
import io.github.resnetspi.api.graph.Dense;
import io.github.resnetspi.api.graph.Flatten;
import io.github.resnetspi.api.graph.GlobalAvgPool;
import io.github.resnetspi.api.graph.MaxPool2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.OpVisitor;
import io.github.resnetspi.api.graph.Relu;

/**
 * The float32 tolerances of the kit. Every numeric check compares a backend's float32 result with the float64
 * reference using a scale-relative error, {@code max|actual − expected| / max(‖expected‖∞, floor)} per tensor (see
 * {@link Compare}), so one number works for tensors of any magnitude.
 *
 * <p>Calibration: each tolerance is about 10-20× the largest error observed for it on all three engine backends
 * (djl-pytorch, djl-mxnet, tensorflow on the CPU, oneDNN on; run with {@code -Dresnetspi.conformance.trace=true},
 * which prints every comparison); the observed maximum and the factor are stated at each constant and in the
 * module's README. Every semantic mistake of the mutant catalogue is at least 10× above its tolerance, and the
 * float32-rounding control passes all of them (both in backend-reference's tests; its README has the mutant table).
 */
public final class Tolerances {
    private Tolerances() {
    }

    /**
     * Selection and element-wise ops (ReLU, max pool, add of an input, flatten): exact in any float format; observed
     * 0 on all three engines. 1e-6 allows a fused op's last-bit rounding.
     */
    public static final double EXACT_OP = 1e-6;

    /**
     * Averages (average pool, global average pool): one sum of a few dozen float32 terms and a division. Observed at
     * most 1.1e-7; 2e-6 is 18×.
     */
    public static final double AVERAGE = 2e-6;

    /**
     * Convolution and dense layers on small inputs: dot products of up to ~150 float32 terms (oneDNN, MKL, Eigen).
     * Observed at most 5.3e-7 (the 7×7 stem); 1e-5 is 19×.
     */
    public static final double LINEAR = 1e-5;

    /**
     * Batch norm (train and eval output), with channels of variance 2e-5 .. 2. Observed at most 4.4e-7; 1e-5 is 23×.
     */
    public static final double BATCH_NORM = 1e-5;

    /**
     * BN running statistics after a train forward of a single op or after one or two SGD steps (op and preset cases):
     * means and variances of activations with forward-pass precision. Observed at most 2.2e-6 (keras-resnet's step
     * 1); 5e-5 is 23×. A biased running variance is off by 1/(m − 1) of the batch term (≥ 4.5e-3 in the kit's cases).
     */
    public static final double RUNNING_STATS = 5e-5;

    /**
     * A whole preset forward (logits in train and eval mode, and the running statistics after it): a dozen to 50 conv
     * and BN layers compound the per-layer errors. Observed at most 6.5e-5 (resnet50's train-mode logits; its running
     * statistics 2.9e-5); 1e-3 is 15×.
     */
    public static final double PRESET_FORWARD = 1e-3;

    /**
     * The loss and logits of a training step, single op or preset (relative to max(1, |loss|) for the loss). Observed
     * at most 3.7e-6 (keras-resnet's logits); 5e-5 is 13×.
     */
    public static final double STEP_OUTPUT = 5e-5;

    /**
     * Parameter gradients, update deltas and momentum buffers of a single-op case after one or two SGD steps, per
     * tensor and element. Observed at most 3.9e-5 (an update delta, which float32 can only give to the precision of
     * {@code after − before}); 5e-4 is 13×. Tensors whose expected values are tiny (the gradient of a conv bias right
     * before a BN is 0 in exact arithmetic) are measured against a floor of 1e-3 of the largest tensor of the set,
     * see {@link Compare}.
     */
    public static final double TRAINING_STEP = 5e-4;

    /**
     * The parameter update of each step of a single-op case, as a relative L2 error over all trainable tensors
     * together. Element by element an update is only as exact as float32 lets {@code after − before} be, but over all
     * elements together a global scale error (a learning rate off by 0.3 %) shows plainly. Observed at most 8.6e-6
     * (djl-mxnet, a drawn corner case at batch 2); 1e-4 is 12×.
     */
    public static final double STEP_UPDATE_L2 = 1e-4;

    /**
     * Gradients, update deltas and momentum buffers of the deep presets after one or two SGD steps, as a relative L2
     * error over all tensors of a kind, with the reference taking the backend's own ReLU and max-pool decisions
     * ({@link io.github.resnetspi.api.spi.Yardstick#compileFollowing}): without that, ReLU inputs within
     * ~1e-6 of zero that float32 rounding puts on the other side reroute the gradient (1.2e-2 observed, against
     * 5e-6 with). Observed at most 5.2e-6 (keras-resnet); 1e-4 is 19×.
     */
    public static final double DEEP_TRAINING_STEP = 1e-4;

    /**
     * The losses of 20 SGD steps (absolute error per step, losses are ≈ 1-2.5): training is chaotic, so float32
     * rounding grows step after step. Observed at most 1.1e-3 (tensorflow, step 19); 2e-2 is 18×; a wrong optimizer or
     * BN form moves the loss by 1e-2 or more within a few steps, and is caught by the two-step checks far more tightly.
     */
    public static final double LOSS_CURVE = 2e-2;

    /** Export/import round trips are copies: bit-exact. */
    public static final double ROUND_TRIP = 0;

    /**
     * Test accuracy a backend must reach on the committed Fashion-MNIST subset (resnet-tiny at 28×28, 2,000 training
     * and 1,000 test images, 4 epochs; see {@link BackendConformanceKit}). Calibrated on the float64 reference, which
     * reaches 0.767; a float32 engine follows another (chaotic) trajectory, so the bar leaves a margin of several
     * points, while a broken backward pass or optimizer stays near chance (0.10) or far below.
     */
    public static final double CONVERGENCE_ACCURACY = 0.70;

    /**
     * @param net a network
     * @return the loosest forward tolerance among its ops
     */
    public static double forward(Network net) {
        return net.nodes().stream().mapToDouble(n -> n.accept(PER_OP)).max().orElse(EXACT_OP);
    }

    /** The forward tolerance of each op kind, for the single-op checks. */
    private static final OpVisitor<Double> PER_OP = new OpVisitor<>() {
        @Override
        public Double conv(Node node, Conv2d op) {
            return LINEAR;
        }

        @Override
        public Double batchNorm(Node node, BatchNorm2d op) {
            return BATCH_NORM;
        }

        @Override
        public Double relu(Node node, Relu op) {
            return EXACT_OP;
        }

        @Override
        public Double add(Node node, Add op) {
            return EXACT_OP;
        }

        @Override
        public Double maxPool(Node node, MaxPool2d op) {
            return EXACT_OP;
        }

        @Override
        public Double avgPool(Node node, AvgPool2d op) {
            return AVERAGE;
        }

        @Override
        public Double globalAvgPool(Node node, GlobalAvgPool op) {
            return AVERAGE;
        }

        @Override
        public Double flatten(Node node, Flatten op) {
            return EXACT_OP;
        }

        @Override
        public Double dense(Node node, Dense op) {
            return LINEAR;
        }
    };
}
