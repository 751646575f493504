package io.github.resnetspi.api.train;

import java.util.Objects;

/**
 * Stochastic gradient descent in PyTorch's form, for every trainable parameter {@code w} with gradient {@code g}
 * of the mean softmax cross-entropy:
 * <pre>
 *   g' = g + weightDecay·w          (L2 weight decay on every trainable tensor: weights, biases, BN γ and β)
 *   v  = momentum·v + g'            (v starts at 0; no dampening, no Nesterov)
 *   w  = w − lr·v
 * </pre>
 * With momentum 0 this is {@code w −= lr·g'}. MXNet's and Keras' form {@code v = μ·v − lr·g; w += v} differs
 * whenever the learning rate changes, and the dampened form {@code v = μ·v + (1−μ)·g} differs always.
 */
public record Sgd(double learningRate, double momentum, double weightDecay, LrSchedule schedule) {
    public Sgd {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be non-negative and finite, got " + weightDecay);
        }
        Objects.requireNonNull(schedule, "schedule");
    }

    /** Plain SGD with a constant rate, as the d2l chapter trains. */
    public static Sgd plain(double learningRate) {
        return new Sgd(learningRate, 0, 0, LrSchedule.constant());
    }

    /** The learning rate to use in (0-based) epoch {@code epoch}. */
    public double learningRateAt(int epoch) {
        return schedule.rate(learningRate, epoch);
    }
}
