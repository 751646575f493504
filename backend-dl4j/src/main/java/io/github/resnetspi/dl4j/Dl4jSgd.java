package io.github.resnetspi.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The API's SGD in PyTorch's form, on ND4J arrays in place. SameDiff's updaters differ: {@code Nesterovs} keeps
 * {@code v = μ·v − lr·g} with a Nesterov step, and weight decay is a separate regularisation term; neither keeps
 * PyTorch's {@code momentum_buffer}. Here, per trainable tensor:
 * <pre>
 *   g' = g + wd·w;   v = μ·v + g';   w = w − lr·v
 * </pre>
 * The raw gradient {@code g} is left untouched ({@code Model.gradients()} returns it).
 */
final class Dl4jSgd {
    private final double momentum;
    private final double weightDecay;

    Dl4jSgd(double momentum, double weightDecay) {
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    /**
     * @param weight       the parameter, updated in place
     * @param gradient     its raw gradient (not modified)
     * @param buffer       its momentum buffer, updated in place; null without momentum
     * @param learningRate this step's rate
     */
    void step(INDArray weight, INDArray gradient, INDArray buffer, double learningRate) {
        INDArray g = weightDecay > 0 ? gradient.add(weight.mul(weightDecay)) : gradient;
        if (buffer != null) {
            buffer.muli(momentum).addi(g);
            g = buffer;
        }
        weight.subi(g.mul(learningRate));
    }
}
