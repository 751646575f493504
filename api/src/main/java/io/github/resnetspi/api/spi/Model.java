package io.github.resnetspi.api.spi;

import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.StepResult;

/**
 * A network compiled by one backend for one device, holding its parameters, BN running statistics and momentum
 * buffers in engine memory. Not thread-safe. Input images are NCHW float32 of the network's input shape with any
 * batch size ≥ 1 (≥ 2 in train mode, where batch variance needs two values). Bad input fails with an
 * {@link IllegalArgumentException}, use after {@link #close()} with an {@link IllegalStateException}.
 */
public interface Model extends AutoCloseable {

    /** The device the model runs on. */
    Device device();

    /**
     * Runs the network. In {@link Mode#TRAIN} batch norm uses batch statistics and updates its running statistics;
     * in {@link Mode#EVAL} it uses the running ones. Returns the output node's tensor under its node name, or with
     * {@code everyNode} every node's output (NCHW, or (N, F) after flatten) under its name, in node order.
     */
    NamedTensors forward(FloatTensor images, Mode mode, boolean everyNode);

    /**
     * One SGD step in train mode: forward, loss = mean over the batch of softmax cross-entropy
     * {@code −log softmax(z)[label]}, backward, then the {@link io.github.resnetspi.api.train.Sgd} update with
     * this learning rate. Labels are class indices in {@code [0, classes)}.
     */
    StepResult trainStep(FloatTensor images, int[] labels, double learningRate);

    /**
     * Gradients of the last step's loss with respect to each trainable parameter, before weight decay, named as the
     * parameters. Fails with {@link IllegalStateException} before the first step and after {@link #importState}
     * until the next step.
     */
    NamedTensors gradients();

    /** All parameters, BN running statistics and (with momentum) momentum buffers, per {@link StateLayout}. */
    NamedTensors exportState();

    /**
     * Overwrites the named entries (any subset of {@link #exportState()}'s names). All-or-nothing: an unknown name
     * or a wrong shape fails with an {@link IllegalArgumentException} naming the entry, and nothing changes.
     */
    void importState(NamedTensors state);

    /** Releases all native memory; idempotent. */
    @Override
    void close();
}
