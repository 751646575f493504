package io.github.resnetspi.cli.report;

import io.github.resnetspi.api.Causes;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import io.github.resnetspi.training.RunDirectoryException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a comparison's report files into a directory, all or nothing. Every file is first written into a fresh
 * staging directory inside it ({@code .report-new-*}); only when all are complete is the old {@code report.md}
 * removed, the other files renamed into place, and the new {@code report.md} renamed in last. A failure while
 * writing (a full disk, say) leaves the previous report untouched; one during the renames (which need no space)
 * leaves no {@code report.md}. So a {@code report.md} is always complete and matches the files beside it. Staging
 * directories of a killed process are removed by the next write.
 */
public final class ReportWriter {
    public static final String REPORT = "report.md";
    /** Every file a report consists of, {@value #REPORT} last (the order in which they are put in place). */
    public static final List<String> FILES = List.of("results.json", "results.csv", "runs.csv", "epochs.csv",
            "loss.png", "accuracy.png", "time-to-accuracy.png", REPORT);
    private static final String STAGING_PREFIX = ".report-new-";

    /** Opens a file for writing; the seam through which tests make the disk fill up. */
    @FunctionalInterface
    public interface FileSink {
        OutputStream open(Path file) throws IOException;
    }

    private ReportWriter() {
    }

    /**
     * Writes every file of {@link #FILES} for {@code report} into {@code dir}; returns their paths.
     *
     * @throws RunDirectoryException when a file cannot be written (a full disk, say): the previous report stays whole
     */
    public static List<Path> write(ComparisonReport report, Path dir) {
        return write(report, dir, Files::newOutputStream);
    }

    static List<Path> write(ComparisonReport report, Path dir, FileSink sink) {
        try {
            Files.createDirectories(dir);
            removeStaging(dir);
            Path staging = Files.createTempDirectory(dir, STAGING_PREFIX);
            try {
                for (String name : FILES) {
                    try (OutputStream out = sink.open(staging.resolve(name))) {
                        content(report, name, out);
                    }
                }
                return commit(staging, dir);
            } finally {
                deleteTree(staging);
            }
        } catch (IOException e) {
            throw new RunDirectoryException("could not write the report into " + dir + " (" + Causes.of(e, dir) + "); the"
                    + " report that was there, if any, is unchanged and no partial file is left: make room (or fix the"
                    + " directory), then write it again with 'resnet-spi report " + dir + "'", e);
        }
    }

    private static void content(ComparisonReport report, String name, OutputStream out) throws IOException {
        switch (name) {
            case "results.json" -> text(out, json(report));
            case "results.csv" -> text(out, CsvTables.results(report));
            case "runs.csv" -> text(out, CsvTables.runs(report));
            case "epochs.csv" -> text(out, CsvTables.epochs(report));
            case "loss.png" -> Charts.loss(report, out);
            case "accuracy.png" -> Charts.accuracy(report, out);
            case "time-to-accuracy.png" -> Charts.timeToAccuracy(report, out);
            case REPORT -> text(out, MarkdownReport.of(report));
            default -> throw new IllegalStateException("no content for report file " + name);
        }
    }

    private static List<Path> commit(Path staging, Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(REPORT));
        List<Path> placed = new ArrayList<>();
        for (String name : FILES) {
            placed.add(Files.move(staging.resolve(name), dir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING));
        }
        return placed;
    }

    private static void text(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code results.json}: settings, host, the per-backend aggregates, the verdicts and every cell. */
    static String json(ComparisonReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("title", report.title());
        root.put("settings", report.settings());
        root.put("targetAccuracy", report.targetAccuracy());
        root.put("alpha", report.alpha());
        root.put("warnings", report.warnings());
        root.put("host", report.host());
        root.put("backends", report.summaries());
        root.put("differences", report.differences());
        root.put("runs", report.runs());
        return GSON.toJson(root) + "\n";
    }

    /** Not-measured statistics (NaN) are written as JSON null, which every JSON reader accepts. */
    private static final TypeAdapter<Double> FINITE_OR_NULL = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Double v) throws IOException {
            if (v == null || v.isNaN() || v.isInfinite()) {
                out.nullValue();
            } else {
                out.value(v);
            }
        }

        @Override
        public Double read(JsonReader in) {
            throw new UnsupportedOperationException("results.json is written, never read back");
        }
    };

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls()
            .registerTypeAdapter(Double.class, FINITE_OR_NULL).registerTypeAdapter(double.class, FINITE_OR_NULL).create();

    private static void removeStaging(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, STAGING_PREFIX + "*")) {
            for (Path p : s) {
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
