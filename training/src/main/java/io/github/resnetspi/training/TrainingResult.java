package io.github.resnetspi.training;

import java.util.List;

/** The per-epoch history of a run (including epochs restored from a checkpoint) and its d2l-style summary. */
public record TrainingResult(List<EpochMetrics> history, int resumedFromEpoch) {
    public TrainingResult {
        history = List.copyOf(history);
    }

    public EpochMetrics last() {
        return history.get(history.size() - 1);
    }

    /** Training examples per second over all epochs, as d2l prints it (examples / summed training time). */
    public double examplesPerSecond() {
        long n = history.stream().mapToLong(EpochMetrics::trainExamples).sum();
        double s = history.stream().mapToDouble(EpochMetrics::trainSeconds).sum();
        return s > 0 ? n / s : 0;
    }

    /** {@code loss 0.123, train acc 0.956, test acc 0.912, 4123.4 examples/sec on cpu}. */
    public String d2lLine(String device) {
        EpochMetrics m = last();
        return String.format(java.util.Locale.ROOT, "loss %.3f, train acc %.3f, test acc %.3f, %.1f examples/sec on %s",
                m.loss(), m.trainAccuracy(), m.testAccuracy(), examplesPerSecond(), device);
    }
}
