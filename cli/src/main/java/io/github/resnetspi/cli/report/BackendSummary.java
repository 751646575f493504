package io.github.resnetspi.cli.report;

import io.github.resnetspi.cli.cell.RunResult;
import io.github.resnetspi.training.EpochMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One backend's row of a comparison: its finished runs summarised over the seeds (mean, standard deviation, range).
 * Throughput is shown three ways: per run as d2l prints it (all epochs), the first epoch of every run apart (it
 * includes the engines' warm-up: graph building, kernel selection, allocator growth), and the median and range of
 * the per-epoch figures of every later epoch of every run. Time to accuracy counts, for each run that reached the
 * target test accuracy, the training seconds to the end of the first epoch that did ({@link RunResult#secondsToAccuracy}).
 *
 * @param planned       cells planned for this backend (one per seed)
 * @param finished      cells with a result
 * @param failed        cells that failed
 * @param reachedTarget finished runs whose test accuracy reached {@code target}
 */
public record BackendSummary(String backend, String engine, String engineVersion, String device, int planned,
                             int finished, int failed, Summary finalLoss, Summary trainAccuracy, Summary testAccuracy,
                             Summary examplesPerSecond, Summary warmupEpochExamplesPerSecond,
                             Summary laterEpochExamplesPerSecond, Summary meanEpochSeconds, double target,
                             Summary secondsToTarget, int reachedTarget, long peakRssBytes) {

    /** The row for {@code backend} from its cells (any status) in {@code runs}. */
    public static BackendSummary of(String backend, List<RunResult> runs, double target) {
        List<RunResult> mine = runs.stream().filter(r -> r.backend().equals(backend)).toList();
        List<RunResult> done = mine.stream().filter(RunResult::ok).toList();
        List<Double> warmup = new ArrayList<>();
        List<Double> later = new ArrayList<>();
        List<Double> toTarget = new ArrayList<>();
        for (RunResult r : done) {
            List<EpochMetrics> h = r.history();
            warmup.add(h.get(0).examplesPerSecond());
            for (int i = 1; i < h.size(); i++) {
                later.add(h.get(i).examplesPerSecond());
            }
            OptionalDouble s = r.secondsToAccuracy(target);
            s.ifPresent(toTarget::add);
        }
        RunResult first = done.isEmpty() ? null : done.get(0);
        return new BackendSummary(backend, first == null ? null : first.engine(),
                first == null ? null : first.engineVersion(), first == null ? null : first.device(), mine.size(),
                done.size(), (int) mine.stream().filter(r -> RunResult.FAILED.equals(r.status())).count(),
                summary(done, r -> r.last().loss()), summary(done, r -> r.last().trainAccuracy()),
                summary(done, r -> r.last().testAccuracy()), summary(done, RunResult::examplesPerSecond),
                Summary.of(warmup), Summary.of(later), summary(done, RunResult::meanEpochSeconds), target,
                Summary.of(toTarget), toTarget.size(),
                done.stream().mapToLong(RunResult::peakRssBytes).max().orElse(-1));
    }

    private static Summary summary(List<RunResult> runs, java.util.function.ToDoubleFunction<RunResult> f) {
        return Summary.of(runs.stream().mapToDouble(f).toArray());
    }

    /** {@code 3/3}, or {@code 2/3 (1 failed)}. */
    public String runsCell() {
        int missing = planned - finished - failed;
        String s = finished + "/" + planned;
        List<String> notes = new ArrayList<>();
        if (failed > 0) {
            notes.add(failed + " failed");
        }
        if (missing > 0) {
            notes.add(missing + " missing");
        }
        return notes.isEmpty() ? s : s + " (" + String.join(", ", notes) + ")";
    }
}
