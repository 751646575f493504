package io.github.resnetspi.cli.report;

import com.google.gson.GsonBuilder;
import io.github.resnetspi.training.EpochMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a comparison to a directory: {@code report.md} (settings, one row per backend, errors, per-epoch tables,
 * charts), {@code results.json} (everything), {@code results.csv} (one row per backend), {@code epochs.csv} (one
 * row per backend and epoch), {@code loss.png} and {@code accuracy.png}.
 */
public final class ReportWriter {
    public static final List<String> FILES = List.of("report.md", "results.json", "results.csv", "epochs.csv",
            "loss.png", "accuracy.png");

    private ReportWriter() {
    }

    public static List<Path> write(ComparisonReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        out.add(write(dir.resolve("results.json"), json(report)));
        out.add(write(dir.resolve("results.csv"), csv(report)));
        out.add(write(dir.resolve("epochs.csv"), epochsCsv(report)));
        out.add(Charts.loss(report.results(), dir.resolve("loss.png")));
        out.add(Charts.accuracy(report.results(), dir.resolve("accuracy.png")));
        out.add(write(dir.resolve("report.md"), markdown(report)));
        return out;
    }

    static String json(ComparisonReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("title", report.title());
        root.put("settings", report.settings());
        root.put("results", report.results());
        return new GsonBuilder().setPrettyPrinting().serializeNulls().serializeSpecialFloatingPointValues().create()
                .toJson(root) + "\n";
    }

    static String csv(ComparisonReport report) {
        StringBuilder sb = new StringBuilder("backend,engine,engine_version,device,status,epochs,final_loss,train_acc,"
                + "test_acc,examples_per_sec,mean_epoch_seconds,peak_rss_mib,error\n");
        for (RunResult r : report.results()) {
            List<String> row = new ArrayList<>(List.of(r.backend(), nz(r.engine()), nz(r.engineVersion()), nz(r.device()),
                    r.ok() ? "ok" : "error"));
            if (r.ok()) {
                EpochMetrics m = r.last();
                row.addAll(List.of(Integer.toString(r.history().size()), num(m.loss(), 4), num(m.trainAccuracy(), 4),
                        num(m.testAccuracy(), 4), num(r.examplesPerSecond(), 1), num(r.meanEpochSeconds(), 2),
                        mib(r.peakRssBytes()), ""));
            } else {
                row.addAll(List.of("0", "", "", "", "", "", "", nz(r.error())));
            }
            sb.append(String.join(",", row.stream().map(ReportWriter::csvField).toList())).append('\n');
        }
        return sb.toString();
    }

    static String epochsCsv(ComparisonReport report) {
        StringBuilder sb = new StringBuilder("backend,epoch,lr,loss,train_acc,test_acc,train_seconds,epoch_seconds,"
                + "examples_per_sec,peak_rss_mib\n");
        for (RunResult r : report.results()) {
            for (EpochMetrics m : r.history()) {
                sb.append(String.join(",", csvField(r.backend()), Integer.toString(m.epoch()), Double.toString(m.learningRate()),
                        num(m.loss(), 5), num(m.trainAccuracy(), 5), num(m.testAccuracy(), 5), num(m.trainSeconds(), 3),
                        num(m.epochSeconds(), 3), num(m.examplesPerSecond(), 1), mib(m.peakRssBytes()))).append('\n');
            }
        }
        return sb.toString();
    }

    static String markdown(ComparisonReport report) {
        StringBuilder sb = new StringBuilder("# ").append(report.title()).append("\n\n## Settings\n\n");
        report.settings().forEach((k, v) -> sb.append("- ").append(k).append(": `").append(v).append("`\n"));
        sb.append("\n## Results\n\n| backend | engine | version | device | final loss | train acc | test acc | examples/s "
                + "| epoch time (s) | peak memory (MiB) | status |\n|---|---|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (RunResult r : report.results()) {
            if (r.ok()) {
                EpochMetrics m = r.last();
                sb.append(row(r.backend(), nz(r.engine()), nz(r.engineVersion()), nz(r.device()), num(m.loss(), 4),
                        num(m.trainAccuracy(), 4), num(m.testAccuracy(), 4), num(r.examplesPerSecond(), 1),
                        num(r.meanEpochSeconds(), 1), mib(r.peakRssBytes()), "ok"));
            } else {
                sb.append(row(r.backend(), nz(r.engine()), nz(r.engineVersion()), nz(r.device()), "", "", "", "", "", "",
                        "error: " + md(nz(r.error()))));
            }
        }
        sb.append("\nExamples/s counts training examples over training-step time only (as d2l's timer); epoch time "
                + "includes data preparation and test evaluation. Peak memory is the process's peak resident set size "
                + "(Java heap plus native engine memory); each backend ran in its own JVM.\n");
        sb.append("\n## Charts\n\n![training loss](loss.png)\n\n![accuracy](accuracy.png)\n");
        sb.append("\n## Per epoch\n");
        for (RunResult r : report.results()) {
            if (!r.ok()) {
                continue;
            }
            sb.append("\n### ").append(r.backend()).append("\n\n").append("`").append(nz(r.d2lLine())).append("`\n\n")
                    .append("| epoch | lr | loss | train acc | test acc | train s | epoch s | examples/s |\n")
                    .append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (EpochMetrics m : r.history()) {
                sb.append(row(Integer.toString(m.epoch()), num(m.learningRate(), 4), num(m.loss(), 4), num(m.trainAccuracy(), 4),
                        num(m.testAccuracy(), 4), num(m.trainSeconds(), 1), num(m.epochSeconds(), 1),
                        num(m.examplesPerSecond(), 1)));
            }
        }
        return sb.toString();
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : num(bytes / (1024.0 * 1024.0), 0);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace('\n', ' ');
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
