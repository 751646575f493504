package io.github.resnetspi.cli.report;

import io.github.resnetspi.training.EpochMetrics;
import java.util.List;

/**
 * What one backend's training run produced, or why it did not: {@code error} is null on success. This is the JSON
 * a {@code compare} child writes and one row of the report.
 */
public record RunResult(String backend, String engine, String engineVersion, String device, String error,
                        List<EpochMetrics> history, double examplesPerSecond, String d2lLine, double wallSeconds) {
    public RunResult {
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** A row for a backend that could not run. */
    public static RunResult failed(String backend, String error, double wallSeconds) {
        return new RunResult(backend, null, null, null, error, List.of(), 0, null, wallSeconds);
    }

    public boolean ok() {
        return error == null && !history.isEmpty();
    }

    public EpochMetrics last() {
        return history.get(history.size() - 1);
    }

    /** Mean wall time of an epoch (training and evaluation). */
    public double meanEpochSeconds() {
        return history.stream().mapToDouble(EpochMetrics::epochSeconds).average().orElse(0);
    }

    /** Highest peak RSS seen, bytes (-1 if unknown). */
    public long peakRssBytes() {
        return history.stream().mapToLong(EpochMetrics::peakRssBytes).max().orElse(-1);
    }
}
