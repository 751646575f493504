package io.github.resnetspi.api;


/**
 * Features a backend may lack. A backend that lacks one says so in {@link Backend#unsupported()} with a
 * reason, and {@link Backend#compile} of a network that needs it throws
 * {@link UnsupportedCapabilityException}; it never approximates.
 */
public enum Capability {
    /** Convolution or pooling with different padding before and after on an axis (TF-'SAME' stride-2 convs). */
    ASYMMETRIC_PADDING,
    /** Padded average pooling whose divisor counts the padded cells. */
    AVG_POOL_INCLUDE_PAD,
    /** Padded average pooling whose divisor counts only the input cells. */
    AVG_POOL_EXCLUDE_PAD,
    /** Returning every node's output from one forward pass. */
    ALL_NODE_OUTPUTS,
    /** Running on a GPU. */
    GPU,
    /**
     * Training: a {@link io.github.resnetspi.api.train.Mode#TRAIN TRAIN}-mode forward (batch statistics, running
     * statistics updated), {@link Model#trainStep} and {@link Model#gradients}. An inference-only backend (one that
     * runs an exported graph) lacks it and still serves {@link io.github.resnetspi.api.train.Mode#EVAL EVAL} forwards
     * and the state calls; {@link io.github.resnetspi.api.spi.AbstractModel} refuses the training calls.
     */
    TRAINING
}
