package io.github.resnetspi.djl;

import ai.djl.ndarray.NDArray;

/**
 * The API's SGD in PyTorch's form, written out because DJL's own optimizer differs: its fused update keeps
 * {@code v = μ·v + lr·(g + wd·w)} (the learning rate inside the buffer) and MXNet's {@code sgd_mom_update} keeps
 * {@code v = μ·v − lr·(g + wd·w)}; both diverge from PyTorch as soon as the learning rate changes, and their buffers
 * are not PyTorch's {@code momentum_buffer}.
 * <pre>
 *   g' = g + wd·w;   v = μ·v + g';   w = w − lr·v
 * </pre>
 * DJL has no scaled add ({@code axpy}), and every scaled copy of a parameter-sized array costs an allocation and a
 * pass over memory, so the loss is multiplied before the backward pass ({@link #lossScale}) to fold one scale into the
 * gradients for free ({@code gradients()} divides by it again):
 * <ul>
 *   <li>without momentum by lr: the gradients arrive as {@code lr·g} and the update is {@code w = (1 − lr·wd)·w −
 *       lr·g} in place, as native PyTorch's {@code add_(grad, alpha=-lr)};</li>
 *   <li>with momentum and weight decay by {@code 1/wd}: the gradients arrive as {@code g/wd}, and
 *       {@code v/wd = (μ/wd)·v + g/wd + w} is built in place in the buffer; a weight decay under
 *       {@value #SCALED_DECAY_MIN} is added as {@code wd·w} instead, keeping the scale far from float overflow.</li>
 * </ul>
 * With momentum the buffer is then scaled in place to {@code lr·v}, subtracted from the weights and scaled back by
 * {@code 1/lr}: no parameter-sized temporary at all, since each temporary would be a fresh allocation every step
 * (libtorch's CPU allocator is the system malloc, without a cache; timed in docs/benchmarks.md, "Where a step's time
 * goes"). Rates under {@value #SCALED_RATE_MIN} take a scaled copy instead ({@code 1/lr}
 * stays at most 10^6). An engine with a fused kernel for the momentum step ({@link EngineAdapter#momentumKernel()})
 * gets raw gradients and does the whole step in it, at rates from {@value #SCALED_RATE_MIN} on. The buffer holds
 * PyTorch's {@code momentum_buffer} after every step, so checkpoints carry it unchanged.
 */
final class SgdUpdate {
    /** The smallest weight decay folded into the loss scale: 1/wd stays at most 10^6. */
    static final double SCALED_DECAY_MIN = 1e-6;
    /** The smallest learning rate the buffer is scaled by in place: 1/lr stays at most 10^6. */
    static final double SCALED_RATE_MIN = 1e-6;

    private final float momentum;
    private final float weightDecay;
    /** With momentum: the gradients arrive divided by the weight decay. */
    private final boolean decayScaled;
    /** The engine's fused momentum step, or null. */
    private final EngineAdapter.MomentumKernel kernel;

    SgdUpdate(double momentum, double weightDecay, EngineAdapter.MomentumKernel kernel) {
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
        this.decayScaled = momentum != 0 && weightDecay >= SCALED_DECAY_MIN;
        this.kernel = momentum != 0 ? kernel : null;
    }

    /** Whether a step at this rate runs in the engine's fused kernel, with raw gradients. */
    private boolean fused(double learningRate) {
        return kernel != null && learningRate >= SCALED_RATE_MIN;
    }

    /**
     * @return what the loss is multiplied by before backpropagation at this learning rate: lr without momentum, 1/wd
     * with momentum and weight decay (unless the engine's kernel takes the step), else 1
     */
    double lossScale(double learningRate) {
        if (momentum == 0) {
            return learningRate;
        }
        return decayScaled && !fused(learningRate) ? 1.0 / weightDecay : 1;
    }

    /**
     * Updates {@code weight} (and {@code buffer}, null without momentum) in place; temporaries go to the caller's scope.
     *
     * @param gradient the gradient of the loss scaled by {@link #lossScale(double)}
     */
    void apply(NDArray weight, NDArray gradient, NDArray buffer, double learningRate) {
        if (momentum == 0) {
            if (weightDecay > 0) {
                weight.muli((float) (1 - learningRate * weightDecay));
            }
            weight.subi(gradient);
            return;
        }
        if (fused(learningRate)) {
            kernel.step(weight, gradient, buffer, (float) learningRate, momentum, weightDecay);
            return;
        }
        // the buffer holds v/wd (decay scaled) or v
        if (decayScaled) {
            buffer.muli(momentum / weightDecay).addi(gradient).addi(weight);
        } else {
            buffer.muli(momentum).addi(gradient);
            if (weightDecay > 0) {
                buffer.addi(weight.mul(weightDecay));
            }
        }
        float toV = decayScaled ? weightDecay : 1;
        if (learningRate >= SCALED_RATE_MIN) {
            weight.subi(buffer.muli((float) (toV * learningRate)));
            buffer.muli((float) (1 / learningRate));
        } else {
            if (decayScaled) {
                buffer.muli(toV);
            }
            weight.subi(buffer.mul((float) learningRate));
        }
    }
}
