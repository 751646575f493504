package io.github.resnetspi.djl;

import io.github.resnetspi.api.Model;

/**
 * The phases of a DJL backend's training step, in order, for benchmarks that ask where the step's time goes:
 * copying the batch in and clearing gradients, the forward pass, the loss, the backward pass, copying the loss and
 * logits out, and the SGD update. Only a model given a {@link Timer} is timed (the engine is then synchronised at
 * every phase end, which costs a little); training never is.
 */
public enum StepPhase {
    /** The batch and one-hot labels copied into engine memory, gradients cleared. */
    INPUT,
    /** The network's forward pass, recorded for autograd. */
    FORWARD,
    /** Softmax cross-entropy. */
    LOSS,
    /** Backpropagation. */
    BACKWARD,
    /** Loss and logits copied back to Java. */
    OUTPUT,
    /** The SGD update of every trainable tensor (and momentum buffer). */
    UPDATE;

    /** Told when each phase of a step ended. */
    @FunctionalInterface
    public interface Timer {
        /**
         * @param phase the phase that just ended (the engine finished its work)
         */
        void ended(StepPhase phase);
    }

    /**
     * Times the phases of every later training step of {@code model}.
     *
     * @param model a model compiled by a DJL backend
     * @param timer told at every phase end; null stops timing
     * @throws IllegalArgumentException when {@code model} is not a DJL backend's
     */
    public static void time(Model model, Timer timer) {
        if (!(model instanceof DjlModel djl)) {
            throw new IllegalArgumentException("not a model of a DJL backend: " + model);
        }
        djl.timePhases(timer);
    }
}
