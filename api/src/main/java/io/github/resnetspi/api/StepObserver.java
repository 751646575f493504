package io.github.resnetspi.api;

import java.util.Map;

/**
 * Told where a model's training steps spend their time, for benchmarks; training never needs one
 * ({@link CompileOptions#withStepObserver}). A backend reports what its engine can tell apart: the end of each
 * {@link Phase} where a step runs as several engine calls (the engine is synchronised first, which costs a little),
 * and the kernel time per op type where the engine traces a step itself. A step the observer does not
 * {@linkplain #observing() observe} runs as it would without one.
 */
public interface StepObserver {
    /** Observes nothing: the default of {@link CompileOptions}. */
    StepObserver NONE = new StepObserver() {
        @Override
        public boolean observing() {
            return false;
        }

        @Override
        public String toString() {
            return "StepObserver.NONE";
        }
    };

    /** The phases of a training step, in order. */
    enum Phase {
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
        UPDATE
    }

    /**
     * Asked once at the start of every training step.
     *
     * @return whether the coming step is observed
     */
    default boolean observing() {
        return true;
    }

    /**
     * Asked at the start of an observed step, by a backend whose engine traces a step itself.
     *
     * @return whether the step should be traced for {@link #opMillis} (tracing slows the step)
     */
    default boolean wantsOpMillis() {
        return false;
    }

    /**
     * A phase of an observed step ended: the engine finished its work.
     *
     * @param phase the phase
     */
    default void phaseEnded(Phase phase) {
    }

    /**
     * The kernel time of a traced step, by op type.
     *
     * @param millisByOpType op type (e.g. {@code Conv2DBackpropFilter}) to milliseconds, summed over the step's kernels
     */
    default void opMillis(Map<String, Double> millisByOpType) {
    }
}
