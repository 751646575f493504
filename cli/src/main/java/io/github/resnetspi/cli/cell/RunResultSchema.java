package io.github.resnetspi.cli.cell;

import io.github.resnetspi.training.EpochMetrics;
import java.util.List;

/**
 * The ranges a cell's {@code result.json} must keep, checked before the report uses it: a finished cell names its
 * engine and device and holds one history entry per planned epoch, numbered 1, 2, …; accuracies are in [0, 1];
 * losses, learning rates, times and throughputs are finite and not negative; a failed cell says why. A result
 * outside them was damaged or edited, and its numbers must not be averaged into the report.
 */
public final class RunResultSchema {
    private RunResultSchema() {
    }

    /**
     * What is wrong with {@code r}, in words, or null when nothing is.
     *
     * @param epochs the comparison's epochs, which a finished cell's history must hold; negative when not known
     */
    public static String problem(RunResult r, int epochs) {
        if (r.backend() == null) {
            return "it names no backend";
        }
        String times = finiteNotNegative("wallSeconds " + r.wallSeconds(), r.wallSeconds());
        if (times != null) {
            return times;
        }
        if (RunResult.FAILED.equals(r.status())) {
            return r.error() == null || r.error().isBlank() ? "a failed cell must say why (error is empty)" : null;
        }
        if (!r.ok()) {
            return null;
        }
        if (r.engine() == null || r.device() == null || r.d2lLine() == null) {
            return "a finished cell must name its engine, device and d2l summary line (engine, device, d2lLine)";
        }
        String speed = finiteNotNegative("examplesPerSecond " + r.examplesPerSecond(), r.examplesPerSecond());
        if (speed != null) {
            return speed;
        }
        List<EpochMetrics> history = r.history();
        if (epochs >= 0 && history.size() != epochs) {
            return "its history holds " + history.size() + " epoch" + (history.size() == 1 ? "" : "s")
                    + " but the comparison trains " + epochs;
        }
        for (int i = 0; i < history.size(); i++) {
            String p = problem(history.get(i), i + 1);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /** What is wrong with the history entry that should be epoch {@code expected}, or null. */
    private static String problem(EpochMetrics e, int expected) {
        if (e.epoch() != expected) {
            return "history entry " + expected + " is numbered epoch " + e.epoch() + " (entries must count 1, 2, …)";
        }
        String at = " in epoch " + expected;
        for (String p : new String[] {
                fraction("train accuracy " + e.trainAccuracy() + at, e.trainAccuracy()),
                fraction("test accuracy " + e.testAccuracy() + at, e.testAccuracy()),
                finiteNotNegative("loss " + e.loss() + at, e.loss()),
                finiteNotNegative("learning rate " + e.learningRate() + at, e.learningRate()),
                finiteNotNegative("trainSeconds " + e.trainSeconds() + at, e.trainSeconds()),
                finiteNotNegative("epochSeconds " + e.epochSeconds() + at, e.epochSeconds()),
                finiteNotNegative("examplesPerSecond " + e.examplesPerSecond() + at, e.examplesPerSecond())}) {
            if (p != null) {
                return p;
            }
        }
        if (e.trainExamples() < 0) {
            return "trainExamples " + e.trainExamples() + at + " is negative";
        }
        if (e.peakRssBytes() < -1) {
            return "peakRssBytes " + e.peakRssBytes() + at + " is below -1 (unknown)";
        }
        return null;
    }

    /** {@code what} ("test accuracy 1.5 in epoch 2") refused unless {@code v} is in [0, 1]. */
    private static String fraction(String what, double v) {
        return v >= 0 && v <= 1 ? null : what + " is outside [0, 1]";
    }

    /** {@code what} ("loss NaN in epoch 1") refused unless {@code v} is finite and not negative. */
    private static String finiteNotNegative(String what, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return what + " is not a finite number";
        }
        return v < 0 ? what + " is negative" : null;
    }
}
