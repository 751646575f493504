package io.github.resnetspi.cli.report;

import static io.github.resnetspi.cli.report.Formats.md;
import static io.github.resnetspi.cli.report.Formats.mib;
import static io.github.resnetspi.cli.report.Formats.num;
import static io.github.resnetspi.cli.report.Formats.nz;
import static io.github.resnetspi.cli.report.Formats.row;

import io.github.resnetspi.cli.cell.HostEnvironment;
import io.github.resnetspi.cli.cell.RunResult;
import io.github.resnetspi.training.EpochMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code report.md}: settings, warnings, one row per backend with the aggregates, the pairwise verdicts, the charts,
 * the environment, one row per cell, and each finished run's per-epoch table.
 */
final class MarkdownReport {
    private MarkdownReport() {
    }

    static String of(ComparisonReport report) {
        StringBuilder sb = new StringBuilder("# ").append(report.title()).append("\n\n## Settings\n\n");
        report.settings().forEach((k, v) -> sb.append("- ").append(k).append(": `").append(v).append("`\n"));
        for (String w : report.warnings()) {
            sb.append("\n> **Warning:** ").append(w).append('\n');
        }
        results(sb, report);
        differences(sb, report);
        sb.append("\n## Charts\n\n![training loss](loss.png)\n\n![accuracy](accuracy.png)\n\n")
                .append("![test accuracy against training time](time-to-accuracy.png)\n");
        environment(sb, report);
        runs(sb, report);
        epochs(sb, report);
        return sb.toString();
    }

    private static void results(StringBuilder sb, ComparisonReport report) {
        String target = String.format(Locale.ROOT, "%.2f", report.targetAccuracy());
        sb.append("\n## Results\n\nMean ± standard deviation [min–max] over each backend's finished runs (one per seed); "
                        + "a single run shows its value alone.\n\n")
                .append("| backend | engine | device | runs | final loss | train acc | test acc | examples/s per run "
                        + "| examples/s per epoch after the first: median [range] | first (warm-up) epoch examples/s "
                        + "| seconds to test acc ≥ ").append(target).append(" | peak memory (MiB) |\n")
                .append("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BackendSummary s : report.summaries()) {
            boolean any = s.finished() > 0;
            sb.append(row(s.backend(), md(engine(s.engine(), s.engineVersion())), md(s.device()), s.runsCell(),
                    s.finalLoss().format(4), s.trainAccuracy().format(4), s.testAccuracy().format(4),
                    s.examplesPerSecond().format(1), s.laterEpochExamplesPerSecond().formatMedian(1),
                    s.warmupEpochExamplesPerSecond().formatMedian(1), any ? toTarget(s) : "n/a",
                    any ? mib(s.peakRssBytes()) : "n/a"));
        }
        sb.append("\nExamples/s counts training examples over training-step time only (as d2l's timer); \"per run\" is d2l's "
                + "figure over all of a run's epochs. The first epoch includes each engine's warm-up (graph building, "
                + "kernel selection, memory pools) and is shown apart; the median and range are over every later epoch "
                + "of every run. Seconds to test accuracy ≥ ").append(target).append(" are the summed epoch times "
                + "(training steps, batch preparation and test evaluation; JVM start, engine load and data loading "
                + "excluded) up to the end of the first epoch that reached it, measured at epoch ends. Peak memory is "
                + "the highest peak resident set size of a run's JVM (Java heap plus native engine memory); each cell ran "
                + "in its own JVM.\n");
    }

    private static String toTarget(BackendSummary s) {
        if (s.reachedTarget() == 0) {
            return "not reached";
        }
        String v = s.secondsToTarget().format(1);
        return s.reachedTarget() < s.finished() ? v + " (" + s.reachedTarget() + " of " + s.finished() + " runs reached it)" : v;
    }

    private static void differences(StringBuilder sb, ComparisonReport report) {
        List<Difference> diffs = report.differences();
        if (diffs.isEmpty()) {
            return;
        }
        sb.append("\n## Differences between backends\n\n")
                .append(String.format(Locale.ROOT, "Final test accuracy, pair by pair: Welch's two-sided t-test at "
                        + "α = %.2f over the finished runs (one per seed). A difference is reported as beyond seed noise "
                        + "when p < α, i.e. when |t| exceeds the critical value of Student's t at the Welch–Satterthwaite "
                        + "degrees of freedom: the gap between the means is larger than the seed-to-seed spread explains. "
                        + "A pair with fewer than 2 runs on a side is not tested (no spread to compare against); with 2 the "
                        + "test is valid but weak.\n\n", report.alpha()))
                .append("| backends | difference in mean test acc | t | df | critical t | p | verdict |\n")
                .append("|---|---:|---:|---:|---:|---:|---|\n");
        for (Difference d : diffs) {
            WelchTest t = d.test();
            sb.append(row(d.a() + " − " + d.b(), t == null ? "" : String.format(Locale.ROOT, "%+.4f", t.difference()),
                    t == null ? "" : num(t.t(), 2), t == null ? "" : num(t.df(), 1), t == null ? "" : num(t.critical(), 3),
                    t == null ? "" : Difference.p(t.p()).replace("= ", ""), md(d.verdict())));
        }
    }

    private static void environment(StringBuilder sb, ComparisonReport report) {
        sb.append("\n## Environment\n\n");
        HostEnvironment host = report.host();
        if (host != null) {
            sb.append("Started on:\n\n");
            hostLines(sb, host);
        }
        Map<HostEnvironment, List<String>> others = new LinkedHashMap<>();
        for (RunResult r : report.runs()) {
            if (r.environment() != null && !r.environment().equals(host)) {
                others.computeIfAbsent(r.environment(), k -> new ArrayList<>()).add(r.label());
            }
        }
        others.forEach((env, cells) -> {
            sb.append("\nCells ").append(String.join(", ", cells)).append(" ran on:\n\n");
            hostLines(sb, env);
        });
        sb.append("\nBackends (settings in effect, as each cell's backend reported them):\n");
        for (String b : report.backends()) {
            RunResult r = report.runsOf(b).stream().filter(RunResult::ok).findFirst().orElse(null);
            sb.append("\n- **").append(b).append("**: ");
            if (r == null) {
                sb.append("no finished run\n");
                continue;
            }
            sb.append(md(engine(r.engine(), r.engineVersion()))).append(" on ").append(r.device()).append('\n');
            r.details().forEach((k, v) -> sb.append("  - ").append(md(k)).append(": `").append(md(v)).append("`\n"));
        }
    }

    private static void hostLines(StringBuilder sb, HostEnvironment e) {
        sb.append(e.markdown());
    }

    private static void runs(StringBuilder sb, ComparisonReport report) {
        String target = String.format(Locale.ROOT, "%.2f", report.targetAccuracy());
        List<String> loaded = report.runs().stream().filter(RunResult::onLoadedMachine).map(RunResult::label).toList();
        sb.append("\n## Runs\n");
        if (!loaded.isEmpty()) {
            sb.append("\n**Note: the machine was loaded while ").append(String.join(", ", loaded))
                    .append(" trained** (other processes, the host's steal or the load average above the thresholds of")
                    .append(" docs/cli.md): the speed of ").append(loaded.size() == 1 ? "that cell" : "those cells")
                    .append(" reflects the machine more than the engine; rerun ").append(loaded.size() == 1 ? "it" : "them")
                    .append(" on a quiet machine before ranking by speed.\n");
        }
        sb.append("\n| backend | seed | status | final loss | train acc | test acc | examples/s "
                        + "| seconds to ").append(target).append(" | wall time (s) | note |\n")
                .append("|---|---:|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (RunResult r : report.runs()) {
            if (r.ok()) {
                EpochMetrics m = r.last();
                OptionalDouble t = r.secondsToAccuracy(report.targetAccuracy());
                sb.append(row(r.backend(), Long.toString(r.seed()), "ok", num(m.loss(), 4), num(m.trainAccuracy(), 4),
                        num(m.testAccuracy(), 4), num(r.examplesPerSecond(), 1),
                        t.isPresent() ? num(t.getAsDouble(), 1) : "not reached", num(r.wallSeconds(), 1),
                        r.onLoadedMachine() ? md("machine loaded: " + String.join("; ", r.load().reasons())) : ""));
            } else {
                sb.append(row(r.backend(), Long.toString(r.seed()), r.status(), "", "", "", "", "",
                        r.wallSeconds() > 0 ? num(r.wallSeconds(), 1) : "", md(r.error())));
            }
        }
    }

    private static void epochs(StringBuilder sb, ComparisonReport report) {
        sb.append("\n## Per epoch\n");
        for (RunResult r : report.runs()) {
            if (!r.ok()) {
                continue;
            }
            sb.append("\n### ").append(r.label()).append("\n\n").append("`").append(nz(r.d2lLine())).append("`\n\n")
                    .append("| epoch | lr | loss | train acc | test acc | train s | epoch s | elapsed s | examples/s |\n")
                    .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (int i = 0; i < r.history().size(); i++) {
                EpochMetrics m = r.history().get(i);
                sb.append(row(Integer.toString(m.epoch()), num(m.learningRate(), 4), num(m.loss(), 4),
                        num(m.trainAccuracy(), 4), num(m.testAccuracy(), 4), num(m.trainSeconds(), 1),
                        num(m.epochSeconds(), 1), num(r.elapsedSeconds(i), 1), num(m.examplesPerSecond(), 1)));
            }
        }
    }

    private static String engine(String engine, String version) {
        return engine == null ? "" : engine + (version == null ? "" : " " + version);
    }
}
