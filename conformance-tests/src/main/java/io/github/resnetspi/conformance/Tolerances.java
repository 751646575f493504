package io.github.resnetspi.conformance;

import io.github.resnetspi.api.graph.Add;
import io.github.resnetspi.api.graph.AvgPool2d;
import io.github.resnetspi.api.graph.BatchNorm2d;
import io.github.resnetspi.api.graph.Conv2d;
import io.github.resnetspi.api.graph.Dense;
import io.github.resnetspi.api.graph.Flatten;
import io.github.resnetspi.api.graph.GlobalAvgPool;
import io.github.resnetspi.api.graph.MaxPool2d;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.OpVisitor;
import io.github.resnetspi.api.graph.Relu;

/**
 * The float32 tolerances of the kit. Every numeric check compares a backend's float32 result with the float64
 * reference using a scale-relative error, {@code max|actual − expected| / max(‖expected‖∞, floor)} per tensor (see
 * {@link Compare}), so one number works for tensors of any magnitude. float32 has a unit roundoff of 6e-8; the
 * tolerances below leave room for sums of many terms, for engines that reorder sums or use Winograd/FFT/oneDNN
 * convolutions, and for deep networks that amplify rounding, while staying far below the effect of every semantic
 * mistake the kit exists to catch (wrong padding, ε, running-variance estimator, pool divisor, momentum form: all
 * 1e-2 or more, see the mutation tests).
 */
public final class Tolerances {
    private Tolerances() {
    }

    /**
     * Element-wise or selection ops (ReLU, max pool, add, flatten): exact in any float format up to the final
     * rounding of the inputs, so only a few ulps of slack.
     */
    public static final double EXACT_OP = 1e-6;

    /**
     * Averages (average pool, global average pool): one sum of at most a few dozen float32 terms and a division;
     * summation order differs between engines.
     */
    public static final double AVERAGE = 1e-5;

    /**
     * Convolution and dense layers on small inputs: dot products of up to ~150 terms in float32; oneDNN/MKL and
     * Winograd kernels reach ~1e-5 relative on such sums, so 1e-4 leaves a 10× margin.
     */
    public static final double LINEAR = 1e-4;

    /**
     * Batch norm (train and eval, output and running statistics): mean and variance of up to a few hundred values,
     * some engines with the cancellation-prone {@code E[x²] − E[x]²}, and channels whose variance is 1e-4 (chosen so
     * that ε matters).
     */
    public static final double BATCH_NORM = 5e-4;

    /**
     * A whole preset forward (logits, train and eval mode): a dozen to 50 conv + BN layers compound the per-layer
     * errors; BN over tiny late feature maps (batch × 1 × 1) amplifies them further.
     */
    public static final double PRESET_FORWARD = 2e-3;

    /**
     * BN running statistics after one train forward or one or two SGD steps: means and variances of activations,
     * with forward-pass precision (they do not depend on the backward pass except through the small update of step 1),
     * so tighter than {@link #TRAINING_STEP}; a biased running-variance update is off by 1/(m−1) of the batch term
     * (≥ 4e-3 relative in the kit's cases).
     */
    public static final double RUNNING_STATS = 1e-3;

    /**
     * Parameter gradients, update deltas and momentum buffers after one or two SGD steps:
     * backpropagation through the same depth as {@link #PRESET_FORWARD} doubles the chain, and gradients are
     * computed with sums over the whole batch. Tensors whose expected values are tiny (the gradient of a conv bias
     * right before a BN is 0 in exact arithmetic) are measured against a floor of 1e-3 of the largest tensor of the
     * same kind, see {@link Compare}.
     */
    public static final double TRAINING_STEP = 5e-3;

    /**
     * Gradients, update deltas and momentum buffers of the deep presets after one or two SGD steps, as a relative L2
     * error over all tensors together. Backpropagation through a dozen batch norms is ill-conditioned element by
     * element: perturbing the float64 reference's input images by 1e-6 (relative) moves keras-resnet's gradients by
     * 0.5% and single elements by up to 14%; the float32 control moves them by 1% in L2. 5e-2 leaves a margin for
     * float32 engines, while semantic mistakes (dampened momentum: 90% of every update) stay far above it. Step 2 of a
     * deep preset starts from the reference's state after step 1, so that step 1's differences do not compound.
     */
    public static final double DEEP_TRAINING_STEP = 5e-2;

    /**
     * The losses of 20 SGD steps (absolute error per step, losses are ≈ 1-2.5): training is chaotic, so float32
     * rounding grows step after step; the float32 control (1e-6 noise on every value) drifts by 5e-5 over the 20 steps
     * of the kit's recipe (batch 16, rate 0.02), while a wrong optimizer or BN form moves the loss by 1e-2 or more
     * within a few steps.
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

    /** The forward tolerance of each op kind, for the single-op checks. */
    public static final OpVisitor<Double> PER_OP = new OpVisitor<>() {
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
