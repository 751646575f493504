package io.github.resnetspi.cli;

import io.github.resnetspi.cli.args.UsageException;
import io.github.resnetspi.cli.cell.RunResult;
import io.github.resnetspi.cli.compare.ComparisonDirectory;
import io.github.resnetspi.cli.compare.ComparisonPlan;
import io.github.resnetspi.cli.report.BackendSummary;
import io.github.resnetspi.cli.report.ComparisonReport;
import io.github.resnetspi.cli.report.Difference;
import io.github.resnetspi.cli.report.ReportWriter;
import io.github.resnetspi.training.RunDirectoryLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code report DIR}: rebuilds a comparison's report from its plan and cell files alone, e.g. for a comparison that
 * is partly finished, was run by a scheduler, or should count time to another accuracy.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rebuild the report of a comparison from the files in its directory (the --out",
                "DIR of compare). Cells without a result are rows saying so; 'compare --out DIR",
                "--resume' runs them."})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "The comparison's directory.")
    Path dir;

    @Option(names = "--target-accuracy", paramLabel = "X",
            description = "Test accuracy whose first reaching the report times (default: the comparison's, usually 0.85).")
    Double targetAccuracy;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        if (!Files.isDirectory(dir)) {
            throw new UsageException(dir + (Files.exists(dir) ? " is not a directory" : " does not exist")
                    + "; name the --out directory of a 'resnet-spi compare'");
        }
        ComparisonDirectory cd = new ComparisonDirectory(dir);
        ComparisonPlan plan = cd.readPlan().orElseThrow(() -> new UsageException(dir + " holds no comparison (no "
                + ComparisonDirectory.PLAN + "); name the --out directory of a 'resnet-spi compare'"));
        double target = targetAccuracy != null ? targetAccuracy : plan.targetAccuracy();
        if (!(target > 0 && target <= 1)) {
            throw new UsageException("--target-accuracy must be in (0, 1], got " + target);
        }
        // A compare still running holds the directory: its report would overwrite this one.
        try (RunDirectoryLock lock = RunDirectoryLock.acquire(dir)) {
            ComparisonReport report = cd.report(plan, target);
            ReportWriter.write(report, dir);
            printSummary(report, dir, w);
        }
        return 0;
    }

    /**
     * Prints one line per backend (its d2l line for a single run, else the test-accuracy aggregate), one per pair
     * verdict, and where the report is; returns {@code compare}'s exit code: 0 when some cell finished, else 1.
     */
    static int printSummary(ComparisonReport report, Path dir, PrintWriter w) {
        for (BackendSummary s : report.summaries()) {
            String line;
            if (s.finished() == 0) {
                line = report.runsOf(s.backend()).stream().filter(r -> RunResult.FAILED.equals(r.status())).findFirst()
                        .map(r -> "FAILED: " + r.error()).orElse("no finished run (" + s.runsCell() + ")");
            } else if (s.planned() == 1) {
                line = report.runsOf(s.backend()).get(0).d2lLine();
            } else {
                line = String.format(Locale.ROOT, "test acc %s, loss %s, %s examples/s, runs %s", s.testAccuracy().format(4),
                        s.finalLoss().format(4), s.examplesPerSecond().format(1), s.runsCell());
            }
            w.println(String.format(Locale.ROOT, "%-12s ", s.backend()) + line);
        }
        for (Difference d : report.differences()) {
            if (d.test() != null) {
                w.println(d.a() + " vs " + d.b() + ": " + d.verdict());
            }
        }
        w.println("report written to " + dir.resolve(ReportWriter.REPORT) + " (also "
                + String.join(", ", ReportWriter.FILES.subList(0, ReportWriter.FILES.size() - 1)) + ")");
        w.flush();
        return report.runs().stream().anyMatch(RunResult::ok) ? 0 : 1;
    }
}
