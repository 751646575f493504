package io.github.resnetspi.api.graph;

/** What a named tensor of a network is; decides its initialisation and whether SGD updates it. */
public enum ParameterKind {
    /** Convolution weight, layout OIHW; Xavier-uniform initialised. */
    CONV_WEIGHT(true),
    /** Dense weight, layout [out, in]; Xavier-uniform initialised. */
    DENSE_WEIGHT(true),
    /** Convolution or dense bias; zero initialised. */
    BIAS(true),
    /** Batch-norm scale γ, exported as {@code <node>.weight}; one initialised. */
    BN_GAMMA(true),
    /** Batch-norm shift β, exported as {@code <node>.bias}; zero initialised. */
    BN_BETA(true),
    /** Batch-norm running mean (a buffer, not trained); zero initialised. */
    RUNNING_MEAN(false),
    /** Batch-norm running variance (a buffer, not trained, unbiased estimate); one initialised. */
    RUNNING_VAR(false);

    private final boolean trainable;

    ParameterKind(boolean trainable) {
        this.trainable = trainable;
    }

    /** @return whether SGD updates it (and so whether it has a gradient and a momentum buffer) */
    public boolean trainable() {
        return trainable;
    }
}
