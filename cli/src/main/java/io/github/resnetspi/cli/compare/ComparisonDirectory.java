package io.github.resnetspi.cli.compare;

import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.cli.cell.Cell;
import io.github.resnetspi.cli.cell.CellFiles;
import io.github.resnetspi.cli.cell.JsonFiles;
import io.github.resnetspi.cli.cell.RunResult;
import io.github.resnetspi.cli.report.ComparisonReport;
import io.github.resnetspi.cli.report.ReportWriter;
import io.github.resnetspi.training.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The output directory of a comparison: {@code comparison.json} (the {@link ComparisonPlan}), {@code cells/BACKEND/seed-S/}
 * (each cell's {@link CellFiles}) and the report files ({@link ReportWriter#FILES}). Everything the report shows is
 * read from these files, so it can be rebuilt at any time ({@code resnet-spi report DIR}), also for a comparison that
 * is partly finished or was run elsewhere.
 */
public record ComparisonDirectory(Path dir) {
    public static final String PLAN = "comparison.json";

    public Path planFile() {
        return dir.resolve(PLAN);
    }

    public CellFiles cell(Cell c) {
        return new CellFiles(c, dir.resolve(c.relativeDir()));
    }

    /**
     * The plan, if this directory holds a comparison. A plan file that cannot be read, is not JSON, or holds settings
     * out of range (repeat, seeds, backends, the training settings) is refused, naming the file, what is wrong and what
     * to do.
     */
    public Optional<ComparisonPlan> readPlan() {
        Path file = planFile();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Header header;
        ComparisonPlan plan;
        try {
            header = JsonFiles.read(file, Header.class);
            if (header == null || !ComparisonPlan.FORMAT.equals(header.format())) {
                throw new ResnetSpiException(file + " is not a comparison plan of this version (format '"
                        + (header == null ? null : header.format()) + "', expected '" + ComparisonPlan.FORMAT + "'): a"
                        + " comparison made by an earlier resnet-spi cannot be resumed or reported by this one; run it"
                        + " afresh in another --out directory");
            }
            plan = JsonFiles.read(file, ComparisonPlan.class);
        } catch (IOException e) {
            throw damaged(file, JsonFiles.problem(e));
        }
        return Optional.of(plan);
    }

    /** The one field read before the rest: which format the plan file is in. */
    private record Header(String format) {
    }

    /** A damaged plan file: which, what is wrong, and what to do. */
    private ResnetSpiException damaged(Path file, String problem) {
        return new ResnetSpiException("the comparison plan " + file + " is damaged: " + problem + ". It is written by"
                + " 'resnet-spi compare': restore it from a copy, or start the comparison afresh in another --out"
                + " directory (the finished cells' files under " + dir.resolve("cells") + " stay as they are)");
    }

    public void writePlan(ComparisonPlan plan) throws IOException {
        JsonFiles.write(planFile(), plan);
    }

    /** Every planned cell's result: finished, failed, or missing ({@link CellFiles#read(int)}). */
    public List<RunResult> results(ComparisonPlan plan) {
        int epochs = plan.config().epochs();
        return plan.cells().stream().map(c -> cell(c).read(epochs)).toList();
    }

    /** One planned cell's result, its history checked against the plan's epochs ({@link CellFiles#read(int)}). */
    public RunResult result(ComparisonPlan plan, Cell c) {
        return cell(c).read(plan.config().epochs());
    }

    /** The report of {@code plan} as its cells' files stand now. */
    public ComparisonReport report(ComparisonPlan plan, double targetAccuracy) {
        List<RunResult> runs = results(plan);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("profile", plan.profile());
        TrainConfig cfg = plan.config();
        settings.put("epochs", Integer.toString(cfg.epochs()));
        cfg.identity().forEach((k, v) -> {
            if (!k.equals("seed")) {
                settings.put(k, v);
            }
        });
        settings.put("seeds", plan.repeat() == 1 ? Long.toString(plan.firstSeed())
                : plan.firstSeed() + "–" + (plan.firstSeed() + plan.repeat() - 1) + " (" + plan.repeat() + " runs per backend)");
        settings.put("backends", String.join(", ", plan.backends()));
        settings.put("device", plan.device());
        settings.put("threads", plan.threads() == null ? "each engine's default (see Environment)" : plan.threads().toString());
        settings.put("executor", plan.executorDescription());
        settings.put("command", plan.command());
        List<String> warnings = new ArrayList<>();
        if (plan.concurrentCpuCells()) {
            warnings.add("up to " + plan.parallel() + " cells ran at once on the CPU, sharing its cores: their "
                    + "throughput, epoch times and time to accuracy are lower than one cell alone would get and depend on "
                    + "which cells overlapped, so they compare poorly across backends. Accuracy and loss are unaffected. "
                    + "Run with --parallel 1 to measure speed.");
        }
        long missing = runs.stream().filter(r -> RunResult.MISSING.equals(r.status())).count();
        if (missing > 0) {
            warnings.add(String.format(Locale.ROOT, "%d of %d cells have no result yet; 'resnet-spi compare --out %s "
                    + "--resume' runs them (interrupted ones continue from their last checkpoint).", missing, runs.size(), dir));
        }
        return new ComparisonReport(plan.title(), settings, plan.backends(), runs, targetAccuracy,
                ComparisonReport.ALPHA, warnings, plan.host());
    }
}
