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
 */
final class SgdUpdate {
    private final float momentum;
    private final float weightDecay;

    SgdUpdate(double momentum, double weightDecay) {
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
    }

    /** Updates {@code weight} (and {@code buffer}, null without momentum) in place; temporaries go to the caller's scope. */
    void apply(NDArray weight, NDArray gradient, NDArray buffer, double learningRate) {
        NDArray step = weightDecay > 0 ? gradient.add(weight.mul(weightDecay)) : gradient;
        if (buffer != null) {
            buffer.muli(momentum).addi(step);
            step = buffer;
        }
        weight.subi(step.mul((float) learningRate));
    }
}
