package io.github.resnetspi.api;

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

    /** @return the device the model runs on */
    Device device();

    /**
     * Runs the network. In {@link Mode#TRAIN} batch norm uses batch statistics and updates its running statistics;
     * in {@link Mode#EVAL} it uses the running ones.
     *
     * @param images (N, C, H, W) images of the network's input shape
     * @param mode   train or eval mode
     * @return the output node's tensor, e.g. logits (N, classes)
     */
    FloatTensor forward(FloatTensor images, Mode mode);

    /**
     * Runs the network like {@link #forward} and returns every node's output (NCHW, or (N, F) after flatten) under
     * its node name, in node order. Needs {@link Capability#ALL_NODE_OUTPUTS}.
     *
     * @param images (N, C, H, W) images of the network's input shape
     * @param mode   train or eval mode
     * @return every node's output
     * @throws UnsupportedCapabilityException when the backend cannot return every node's output
     */
    NamedTensors forwardAll(FloatTensor images, Mode mode);

    /**
     * One SGD step in train mode: forward, loss = mean over the batch of softmax cross-entropy
     * {@code −log softmax(z)[label]}, backward, then the {@link io.github.resnetspi.api.train.Sgd} update with
     * this learning rate and the momentum and weight decay the model was compiled with.
     *
     * @param images       (N, C, H, W) images, N ≥ 2
     * @param labels       N class indices in {@code [0, classes)}
     * @param learningRate this step's learning rate, positive and finite
     * @return the loss and the logits of the forward pass before the update
     */
    StepResult trainStep(FloatTensor images, int[] labels, double learningRate);

    /**
     * @return the gradients of the last step's loss with respect to each trainable parameter, before weight decay,
     *         named as the parameters
     * @throws IllegalStateException before the first step, and after {@link #importState} until the next step
     */
    NamedTensors gradients();

    /** @return all parameters, BN running statistics and (with momentum) momentum buffers, per {@link StateLayout} */
    NamedTensors exportState();

    /**
     * Overwrites the named entries (any subset of {@link #exportState()}'s names). All-or-nothing: an unknown name
     * or a wrong shape fails with an {@link IllegalArgumentException} naming the entry, and nothing changes.
     *
     * @param state the entries to overwrite
     */
    void importState(NamedTensors state);

    /** Releases all native memory; idempotent. */
    @Override
    void close();
}
