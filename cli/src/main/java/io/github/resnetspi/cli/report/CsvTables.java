package io.github.resnetspi.cli.report;

import static io.github.resnetspi.cli.report.Formats.mib;
import static io.github.resnetspi.cli.report.Formats.num;
import static io.github.resnetspi.cli.report.Formats.nz;

import io.github.resnetspi.cli.cell.RunResult;
import io.github.resnetspi.training.EpochMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The report's CSV files: {@code results.csv} (one row per backend, the aggregates), {@code runs.csv} (one row per
 * cell) and {@code epochs.csv} (one row per finished cell and epoch). Empty fields mean "not measured".
 */
final class CsvTables {
    private CsvTables() {
    }

    static String results(ComparisonReport report) {
        StringBuilder sb = new StringBuilder(String.join(",", "backend", "engine", "engine_version", "device",
                "runs_planned", "runs_finished", "runs_failed", stats("final_loss"), stats("train_acc"),
                stats("test_acc"), stats("examples_per_sec"), "warmup_epoch_examples_per_sec_median",
                "later_epochs_examples_per_sec_median", "later_epochs_examples_per_sec_min",
                "later_epochs_examples_per_sec_max", "mean_epoch_seconds", "target_test_acc",
                "seconds_to_target_mean", "seconds_to_target_min", "seconds_to_target_max", "runs_reaching_target",
                "peak_rss_mib", "runs_on_loaded_machine")).append('\n');
        for (BackendSummary s : report.summaries()) {
            List<String> row = new ArrayList<>(List.of(s.backend(), nz(s.engine()), nz(s.engineVersion()), nz(s.device()),
                    Integer.toString(s.planned()), Integer.toString(s.finished()), Integer.toString(s.failed())));
            row.addAll(stats(s.finalLoss(), 4));
            row.addAll(stats(s.trainAccuracy(), 4));
            row.addAll(stats(s.testAccuracy(), 4));
            row.addAll(stats(s.examplesPerSecond(), 1));
            Summary later = s.laterEpochExamplesPerSecond();
            row.addAll(List.of(num(s.warmupEpochExamplesPerSecond().median(), 1), num(later.median(), 1),
                    num(later.min(), 1), num(later.max(), 1), num(s.meanEpochSeconds().mean(), 2),
                    Double.toString(s.target()), num(s.secondsToTarget().mean(), 1), num(s.secondsToTarget().min(), 1),
                    num(s.secondsToTarget().max(), 1), Integer.toString(s.reachedTarget()), s.finished() > 0 ? mib(s.peakRssBytes()) : "",
                    Long.toString(report.runsOf(s.backend()).stream().filter(RunResult::onLoadedMachine).count())));
            sb.append(join(row));
        }
        return sb.toString();
    }

    static String runs(ComparisonReport report) {
        StringBuilder sb = new StringBuilder("backend,seed,status,engine,engine_version,device,epochs,final_loss,"
                + "train_acc,test_acc,examples_per_sec,mean_epoch_seconds,seconds_to_target,wall_seconds,peak_rss_mib,error\n");
        for (RunResult r : report.runs()) {
            List<String> row = new ArrayList<>(List.of(r.backend(), Long.toString(r.seed()), r.status(), nz(r.engine()),
                    nz(r.engineVersion()), nz(r.device())));
            if (r.ok()) {
                EpochMetrics m = r.last();
                OptionalDouble t = r.secondsToAccuracy(report.targetAccuracy());
                row.addAll(List.of(Integer.toString(r.history().size()), num(m.loss(), 4), num(m.trainAccuracy(), 4),
                        num(m.testAccuracy(), 4), num(r.examplesPerSecond(), 1), num(r.meanEpochSeconds(), 2),
                        t.isPresent() ? num(t.getAsDouble(), 1) : "", num(r.wallSeconds(), 1), mib(r.peakRssBytes()), ""));
            } else {
                row.addAll(List.of("0", "", "", "", "", "", "", r.wallSeconds() > 0 ? num(r.wallSeconds(), 1) : "", "",
                        nz(r.error())));
            }
            sb.append(join(row));
        }
        return sb.toString();
    }

    static String epochs(ComparisonReport report) {
        StringBuilder sb = new StringBuilder("backend,seed,epoch,lr,loss,train_acc,test_acc,train_seconds,epoch_seconds,"
                + "elapsed_seconds,examples_per_sec,peak_rss_mib\n");
        for (RunResult r : report.runs()) {
            for (int i = 0; i < r.history().size(); i++) {
                EpochMetrics m = r.history().get(i);
                sb.append(join(List.of(r.backend(), Long.toString(r.seed()), Integer.toString(m.epoch()),
                        Double.toString(m.learningRate()), num(m.loss(), 5), num(m.trainAccuracy(), 5),
                        num(m.testAccuracy(), 5), num(m.trainSeconds(), 3), num(m.epochSeconds(), 3),
                        num(r.elapsedSeconds(i), 3), num(m.examplesPerSecond(), 1), mib(m.peakRssBytes()))));
            }
        }
        return sb.toString();
    }

    private static String stats(String name) {
        return String.join(",", name + "_mean", name + "_sd", name + "_min", name + "_max");
    }

    private static List<String> stats(Summary s, int decimals) {
        return List.of(num(s.mean(), decimals), s.n() > 1 ? num(s.sd(), decimals) : "", num(s.min(), decimals),
                num(s.max(), decimals));
    }

    private static String join(List<String> fields) {
        return String.join(",", fields.stream().map(Formats::csv).toList()) + "\n";
    }
}
