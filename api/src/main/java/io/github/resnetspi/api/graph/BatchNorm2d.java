package io.github.resnetspi.api.graph;

import java.util.List;

/**
 * Batch normalisation over N, H and W for each channel of an NCHW input.
 *
 * <ul>
 *   <li>Train mode: {@code y = γ·(x − μ_B)/sqrt(σ²_B + ε) + β} with the batch mean μ_B and the <em>biased</em>
 *       batch variance σ²_B (divide by m = N·H·W). Running statistics are then updated in PyTorch's convention,
 *       {@code running = (1 − momentum)·running + momentum·batch}, where the running variance takes the
 *       <em>unbiased</em> batch variance (divide by m − 1).</li>
 *   <li>Eval mode: {@code y = γ·(x − running_mean)/sqrt(running_var + ε) + β}; nothing is updated.</li>
 * </ul>
 * Defaults: ε = 1e-5, momentum = 0.1 (PyTorch's; Keras' {@code momentum=0.99} is 0.01 here).
 *
 * @param epsilon  ε added to the variance, positive
 * @param momentum weight of the batch statistics in the running-statistics update, in [0, 1] (PyTorch's convention)
 */
public record BatchNorm2d(double epsilon, double momentum) implements Op {
    /** PyTorch's default ε. */
    public static final double DEFAULT_EPSILON = 1e-5;
    /** PyTorch's default momentum. */
    public static final double DEFAULT_MOMENTUM = 0.1;

    /**

     * Checks that ε is positive and the momentum in [0, 1].

     *

     * @param epsilon  ε added to the variance, positive

     * @param momentum weight of the batch statistics in the running-statistics update, in [0, 1] (PyTorch's convention)

     */

    public BatchNorm2d {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
        }
    }

    /** @return batch norm with PyTorch's defaults, ε = 1e-5 and momentum 0.1 */
    public static BatchNorm2d defaults() {
        return new BatchNorm2d(DEFAULT_EPSILON, DEFAULT_MOMENTUM);
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public <R> R accept(Node node, OpVisitor<R> visitor) {
        return visitor.batchNorm(node, this);
    }

    @Override
    public String kind() {
        return "batchnorm2d";
    }

    @Override
    public Shape outputShape(String node, List<Shape> inputs) {
        Op.requireImage(node, kind(), inputs.get(0));
        return inputs.get(0);
    }

    @Override
    public List<ParameterSpec> parameters(String node, List<Shape> inputs) {
        Shape c = Shape.of(inputs.get(0).dim(0));
        return List.of(
                new ParameterSpec(node + ".weight", node, ParameterKind.BN_GAMMA, c),
                new ParameterSpec(node + ".bias", node, ParameterKind.BN_BETA, c),
                new ParameterSpec(node + ".running_mean", node, ParameterKind.RUNNING_MEAN, c),
                new ParameterSpec(node + ".running_var", node, ParameterKind.RUNNING_VAR, c));
    }
}
