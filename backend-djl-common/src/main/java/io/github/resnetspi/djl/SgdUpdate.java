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
 * Without momentum the loss is multiplied by the learning rate before the backward pass ({@link #lossScale}), so that
 * the gradients arrive as {@code lr·g} and the update is one in-place subtraction, {@code w = (1 − lr·wd)·w − lr·g},
 * instead of a scaled copy of every gradient and a subtraction (one pass over the parameters instead of three, as
 * native PyTorch's {@code add_(grad, alpha=-lr)}); {@code gradients()} divides by the scale again.
 */
final class SgdUpdate {
    private final float momentum;
    private final float weightDecay;

    SgdUpdate(double momentum, double weightDecay) {
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
    }

    /** @return what the loss is multiplied by before backpropagation at this learning rate: lr without momentum, else 1 */
    double lossScale(double learningRate) {
        return momentum == 0 ? learningRate : 1;
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
        NDArray step = weightDecay > 0 ? gradient.add(weight.mul(weightDecay)) : gradient;
        buffer.muli(momentum).addi(step);
        weight.subi(buffer.mul((float) learningRate));
    }
}
