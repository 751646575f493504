package io.github.resnetspi.cli.cell;

import io.github.resnetspi.training.EpochMetrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One cell of a comparison (a backend trained from one seed): what its run produced, why it failed, or that it has
 * not run (yet). A {@code compare} child writes it as its cell's {@code result.json}; the parent writes the failed
 * ones; the report is built from these files alone.
 *
 * @param status        {@code ok}, {@code failed} or {@code missing}
 * @param details       the backend's settings in effect ({@code BackendInfo.details()}: threads, build flags, …)
 * @param environment   the host the cell ran on (null when it did not run)
 * @param error         why the cell failed (null unless {@code failed}; for {@code missing}, what is known)
 * @param wallSeconds   the cell's whole run: JVM start, engine load, data, training and evaluation
 * @param load          how busy the machine was apart from the cell while it trained (null when not measured)
 */
public record RunResult(String backend, long seed, String status, String engine, String engineVersion, String device,
                        Map<String, String> details, HostEnvironment environment, String error,
                        List<EpochMetrics> history, double examplesPerSecond, String d2lLine, double wallSeconds,
                        MachineLoad load) {
    public static final String OK = "ok";
    public static final String FAILED = "failed";
    public static final String MISSING = "missing";

    public RunResult {
        if (!OK.equals(status) && !FAILED.equals(status) && !MISSING.equals(status)) {
            throw new IllegalArgumentException("cell status must be ok, failed or missing, got " + status);
        }
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
        if (history != null && history.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("a cell's history has an empty epoch entry");
        }
        history = history == null ? List.of() : List.copyOf(history);
        if (OK.equals(status) && history.isEmpty()) {
            throw new IllegalArgumentException("a finished cell needs its per-epoch history");
        }
    }

    /** A finished run. */
    public static RunResult ok(String backend, long seed, String engine, String engineVersion, String device,
                               Map<String, String> details, HostEnvironment environment, List<EpochMetrics> history,
                               double examplesPerSecond, String d2lLine, double wallSeconds) {
        return new RunResult(backend, seed, OK, engine, engineVersion, device, details, environment, null, history,
                examplesPerSecond, d2lLine, wallSeconds, null);
    }

    /** @return this result with the machine's load during its training recorded */
    public RunResult withLoad(MachineLoad measured) {
        return new RunResult(backend, seed, status, engine, engineVersion, device, details, environment, error, history,
                examplesPerSecond, d2lLine, wallSeconds, measured);
    }

    /** @return whether the machine was loaded while this cell trained ({@link MachineLoad#loaded()}) */
    public boolean onLoadedMachine() {
        return load != null && load.loaded();
    }

    /** A cell that could not run or did not finish. */
    public static RunResult failed(String backend, long seed, String error, double wallSeconds) {
        return new RunResult(backend, seed, FAILED, null, null, null, Map.of(), null, error, List.of(), 0, null, wallSeconds,
                null);
    }

    /** A planned cell without a result file: not started, or interrupted ({@code note} says which is known). */
    public static RunResult missing(String backend, long seed, String note) {
        return new RunResult(backend, seed, MISSING, null, null, null, Map.of(), null, note, List.of(), 0, null, 0, null);
    }

    public boolean ok() {
        return OK.equals(status);
    }

    /** {@code djl-pytorch seed 2}: how logs and reports name the cell. */
    public String label() {
        return backend + " seed " + seed;
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

    /**
     * Training seconds from the start of the first epoch to the end of epoch {@code i + 1} (0-based index into the
     * history): the summed epoch times, i.e. training steps, batch preparation and test evaluation, without JVM start,
     * engine load and data loading.
     */
    public double elapsedSeconds(int i) {
        double s = 0;
        for (int k = 0; k <= i; k++) {
            s += history.get(k).epochSeconds();
        }
        return s;
    }

    /** {@link #elapsedSeconds} at the end of the first epoch whose test accuracy reached {@code target}, if any. */
    public OptionalDouble secondsToAccuracy(double target) {
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).testAccuracy() >= target) {
                return OptionalDouble.of(elapsedSeconds(i));
            }
        }
        return OptionalDouble.empty();
    }
}
