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
 *
 * @param learningRate the base learning rate, positive and finite
 * @param momentum     μ in [0, 1); 0 is plain SGD
 * @param weightDecay  L2 weight decay, ≥ 0
 * @param schedule     how the rate changes from epoch to epoch
 */
public record Sgd(double learningRate, double momentum, double weightDecay, LrSchedule schedule) {
    /**
     * Checks the rate, momentum and weight decay.
     *
     * @param learningRate the base learning rate, positive and finite
     * @param momentum     μ in [0, 1); 0 is plain SGD
     * @param weightDecay  L2 weight decay, ≥ 0
     * @param schedule     how the rate changes from epoch to epoch
     */
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

    /**
     * @param learningRate the constant learning rate
     * @return plain SGD (no momentum, no weight decay) with a constant rate, as the d2l chapter trains
     */
    public static Sgd plain(double learningRate) {
        return new Sgd(learningRate, 0, 0, LrSchedule.constant());
    }

    /**
     * @param epoch an epoch, 0-based
     * @return the learning rate of the epoch's first step
     */
    public double learningRateAt(int epoch) {
        return schedule.rate(learningRate, epoch);
    }

    /**
     * @param progress epochs completed so far, fractions included
     * @return the learning rate of a step that starts at {@code progress}
     */
    public double learningRateAt(double progress) {
        return schedule.rate(learningRate, progress);
    }
}
