package io.github.resnetspi.cli;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.DeviceRequest;
import io.github.resnetspi.conformance.CheckResult;
import io.github.resnetspi.conformance.CheckStatus;
import io.github.resnetspi.conformance.ConformanceReport;
import io.github.resnetspi.conformance.ConformanceRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code conformance}: the conformance kit against one backend, with its report. */
@Command(name = "conformance", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the conformance kit against a backend on the class path and write its report.",
                "Every check compares the backend with the float64 reference backend; the report (BACKEND.json and",
                "BACKEND.md in --out) lists each check with its status and, for numeric checks, the largest error",
                "and its tolerance. Exit code 0 when no check failed, 1 otherwise."})
public final class ConformanceCommand implements Callable<Integer> {
    @Option(names = "--backend", required = true, paramLabel = "NAME", description = "Backend to check (see 'backends').")
    String backend;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "conformance-report", description = "Report directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--device", paramLabel = "D", defaultValue = "cpu", description = "Device to check on (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--check", paramLabel = "NAME", split = ",",
            description = "Run only these checks: a group (forward), a check (forwardOp) or one case (forwardOp[batchnorm]); default: all.")
    List<String> checks;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DeviceRequest d = TrainOptions.usage(() -> DeviceRequest.parse(device));
        Backend p = BackendArgument.select(backend);
        PrintWriter w = spec.commandLine().getOut();
        w.println("running the conformance kit against " + p.name() + " on " + d + " ...");
        w.flush();
        ConformanceReport report = TrainOptions.usage(() -> ConformanceRunner.run(() -> p, d, out, checks == null ? List.of() : checks));
        for (CheckResult c : report.checks()) {
            if (c.status() != CheckStatus.PASSED) {
                w.println("  " + c.status() + "  " + c.id());
            }
        }
        w.printf("%s: %d passed, %d failed, %d unsupported, %d skipped; report: %s and %s%n", report.backend(),
                report.count(CheckStatus.PASSED), report.count(CheckStatus.FAILED), report.count(CheckStatus.UNSUPPORTED),
                report.count(CheckStatus.SKIPPED), out.resolve(report.backend() + ".md"), out.resolve(report.backend() + ".json"));
        w.flush();
        if (!report.conforms()) {
            throw new ConformanceFailure(report.backend() + " failed " + report.count(CheckStatus.FAILED) + " conformance check(s); see "
                    + out.resolve(report.backend() + ".md"));
        }
        return 0;
    }

    /** The kit ran and some check failed: exit code 1 with a one-line summary. */
    static final class ConformanceFailure extends io.github.resnetspi.api.ResnetSpiException {
        private static final long serialVersionUID = 1L;

        ConformanceFailure(String message) {
            super(message);
        }
    }
}
