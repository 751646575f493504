package io.github.resnetspi.training;

import java.nio.file.Path;

/** Progress callbacks of a {@link Trainer}, for progress bars and logs. All methods default to doing nothing. */
public interface TrainingListener {

    /** An epoch (1-based) of {@code batches} training batches begins. */
    default void epochStarted(int epoch, int epochs, int batches) {
    }

    /** Training batch {@code batch} (1-based) finished; running mean loss and accuracy over the epoch so far. */
    default void batchFinished(int epoch, int batch, int batches, double runningLoss, double runningAccuracy) {
    }

    /** Evaluation on the test set begins ({@code batches} batches). */
    default void evaluationStarted(int epoch, int batches) {
    }

    default void epochFinished(EpochMetrics metrics) {
    }

    default void checkpointWritten(Path file) {
    }

    /** A no-op listener. */
    TrainingListener NONE = new TrainingListener() {
    };
}
