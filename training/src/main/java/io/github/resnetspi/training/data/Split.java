package io.github.resnetspi.training.data;

/** The training or the test part of a dataset. */
public enum Split {
    TRAIN, TEST
}
