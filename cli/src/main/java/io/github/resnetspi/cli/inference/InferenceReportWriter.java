package io.github.resnetspi.cli.inference;

import static io.github.resnetspi.cli.report.Formats.csv;
import static io.github.resnetspi.cli.report.Formats.md;
import static io.github.resnetspi.cli.report.Formats.num;
import static io.github.resnetspi.cli.report.Formats.row;

import io.github.resnetspi.cli.report.JsonFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes an inference report: {@value #REPORT} (settings, the table, notes, the environment), {@value #RESULTS}
 * (the {@link InferenceReport}), {@value #CSV} (the table) and {@value #CHART} (batch-1 latency percentiles per side).
 */
public final class InferenceReportWriter {
    public static final String REPORT = "report.md";
    public static final String RESULTS = "results.json";
    public static final String CSV = "results.csv";
    public static final String CHART = "latency.png";
    /** The CSV's header, one column per figure of {@link InferenceRow}. */
    public static final String CSV_HEADER = "side,status,engine,engine_version,device,threads,agreement,samples,p50_ms,"
            + "p90_ms,p99_ms,throughput_images_per_s,p50_vs_native,p99_vs_native,throughput_vs_native,note";

    private InferenceReportWriter() {
    }

    public static void write(InferenceReport report, Path dir) throws IOException {
        JsonFiles.write(dir.resolve(RESULTS), report);
        Files.writeString(dir.resolve(CSV), table(report), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(REPORT), markdown(report), StandardCharsets.UTF_8);
        try (OutputStream o = Files.newOutputStream(dir.resolve(CHART))) {
            InferenceChart.latency(report, o);
        }
    }

    static String table(InferenceReport report) {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (InferenceRow r : report.rows()) {
            sb.append(String.join(",", List.of(csv(r.side()), r.status(), csv(r.engine()), csv(r.engineVersion()),
                    csv(r.device()), r.measured() ? Integer.toString(r.threads()) : "", sci(r.agreement()),
                    Integer.toString(r.samples()), num(r.p50Ms(), 4), num(r.p90Ms(), 4), num(r.p99Ms(), 4),
                    num(r.throughput(), 2), ratio(r.p50VsNative()), ratio(r.p99VsNative()),
                    ratio(r.throughputVsNative()), csv(note(r))))).append('\n');
        }
        return sb.toString();
    }

    static String markdown(InferenceReport report) {
        InferenceSettings s = report.settings();
        StringBuilder sb = new StringBuilder("# ").append(report.title()).append("\n\n");
        sb.append("Command: `").append(report.command()).append("`\n\n");
        sb.append(String.format(Locale.ROOT, "EVAL-mode forwards of %s on %s inputs (%s): per round %d untimed and %d"
                        + " timed forwards of one image, then %d timed forwards of a batch of %d; %d round(s), each side in a"
                        + " process of its own, the order rotated by one side each round. Latency percentiles are"
                        + " nearest-rank over every timed batch-1 forward of all rounds; throughput is the nearest-rank"
                        + " median of the rounds' images per second. *× native* is native PyTorch's latency over the"
                        + " side's (p50, p99) and the side's throughput over native's: above 1 is faster than native.\n\n",
                s.model(), s.dataset(), report.input(), s.warmup(), s.runs(), s.throughputRuns(), s.throughputBatch(),
                s.rounds()));
        long agreeing = report.rows().stream().filter(InferenceRow::ok).count();
        long measured = report.rows().stream().filter(InferenceRow::measured).count();
        sb.append(String.format(Locale.ROOT, "Logits: %d of %d measured sides agree with the float64 reference within"
                        + " the conformance kit's forward tolerance (%.0e, scale-relative: max|x − ref| / max|ref| over the"
                        + " %d check images' logits); the *agreement* column gives each side's largest error.%s\n\n",
                agreeing, measured, report.tolerance(), InferenceSettings.CHECK_BATCH,
                report.allAgree() ? "" : " **A side that disagrees is not ranked.**"));
        sb.append("| side | status | p50 ms | p90 ms | p99 ms | images/s (batch ").append(s.throughputBatch())
                .append(") | × native p50 | × native p99 | × native images/s | agreement | note |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (InferenceRow r : report.rows()) {
            sb.append(row(md(r.side()), r.status(), num(r.p50Ms(), 3), num(r.p90Ms(), 3), num(r.p99Ms(), 3),
                    num(r.throughput(), 1), ratio(r.p50VsNative()), ratio(r.p99VsNative()), ratio(r.throughputVsNative()),
                    sci(r.agreement()), md(note(r))));
        }
        sb.append("\n![batch-1 latency](").append(CHART).append(")\n");
        if (!report.notes().isEmpty()) {
            sb.append("\n## Notes\n\n");
            report.notes().forEach(n -> sb.append("- ").append(md(n)).append('\n'));
        }
        sb.append("\n## Rounds\n\n| side | p50 ms per round | images/s per round |\n|---|---|---|\n");
        for (InferenceRow r : report.rows()) {
            sb.append(row(md(r.side()), joined(r.roundP50Ms(), 3), joined(r.roundThroughputs(), 1)));
        }
        sb.append("\n## Environment\n\n");
        if (report.host() != null) {
            sb.append(report.host().markdown());
        }
        sb.append("\nSides (as each reported itself):\n");
        for (InferenceRow r : report.rows()) {
            sb.append("\n- **").append(md(r.side())).append("**: ");
            if (!r.measured()) {
                sb.append("did not measure\n");
                continue;
            }
            sb.append(md(r.engine())).append(' ').append(md(r.engineVersion())).append(" on ").append(md(r.device()))
                    .append(", ").append(r.threads()).append(" thread(s)\n");
            r.details().forEach((k, v) -> sb.append("  - ").append(md(k)).append(": `").append(md(v)).append("`\n"));
        }
        return sb.toString();
    }

    /** Prints one line per side and where the report is; returns 0, or 1 when a side disagrees with the reference. */
    static int printSummary(InferenceReport report, Path dir, PrintWriter w) {
        for (InferenceRow r : report.rows()) {
            w.println(String.format(Locale.ROOT, "%-16s ", r.side()) + (!r.measured() ? "FAILED: " + r.error()
                    : String.format(Locale.ROOT, "p50 %.3f ms, p99 %.3f ms, %.1f images/s, logits %.1e off the reference%s",
                    r.p50Ms(), r.p99Ms(), r.throughput(), r.agreement(), r.ok() ? "" : " (DISAGREES: not ranked)")));
        }
        report.notes().forEach(n -> w.println("note: " + n));
        w.println("report written to " + dir.resolve(REPORT) + " (also " + RESULTS + ", " + CSV + ", " + CHART + ")");
        w.flush();
        return report.allAgree() ? 0 : 1;
    }

    private static String note(InferenceRow r) {
        String loaded = r.loaded().isEmpty() ? "" : "machine busy: " + String.join("; ", r.loaded());
        return r.error() == null ? loaded : r.error() + (loaded.isEmpty() ? "" : "; " + loaded);
    }

    private static String ratio(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String sci(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2e", v);
    }

    private static String joined(List<Double> v, int decimals) {
        return String.join(", ", v.stream().map(x -> num(x, decimals)).toList());
    }
}
