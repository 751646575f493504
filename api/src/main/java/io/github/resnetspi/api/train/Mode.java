package io.github.resnetspi.api.train;

/** Whether batch norm normalises with batch statistics (and updates its running statistics) or with running ones. */
public enum Mode {
    /** Batch statistics; running statistics are updated (PyTorch's {@code module.train()}). */
    TRAIN,
    /** Running statistics; nothing is updated. */
    EVAL
}
