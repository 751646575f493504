package io.github.resnetspi.examples;

// tag::kit[]
import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.DeviceRequest;
import io.github.resnetspi.conformance.CheckStatus;
import io.github.resnetspi.conformance.ConformanceReport;
import io.github.resnetspi.conformance.ConformanceRunner;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the conformance kit from code against the backend on the class path and writes its report, as the CLI's
 * {@code conformance} command does. Arguments: {@code [REPORT_DIR [CHECK,CHECK...]]} (default
 * {@code conformance-report}, every check); exits with 1 when the backend does not conform.
 */
public final class RunConformanceKit {
    private RunConformanceKit() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "conformance-report");
        List<String> checks = args.length > 1 ? Arrays.asList(args[1].split(",")) : List.of();
        if (!check(dir, checks).conforms()) {
            System.exit(1);
        }
    }

    static ConformanceReport check(Path reportDir, List<String> checks) {
        Backend backend = Backends.select();
        // every check of the kit when `checks` is empty, else those named (e.g. "forwardOp", "stateRoundTrip")
        ConformanceReport report = ConformanceRunner.run(() -> backend, DeviceRequest.CPU, reportDir, checks);
        System.out.printf("%s: %d checks, %d passed, %d unsupported, %d failed: %s (report in %s)%n", backend.name(),
                report.checks().size(), report.count(CheckStatus.PASSED), report.count(CheckStatus.UNSUPPORTED),
                report.count(CheckStatus.FAILED), report.conforms() ? "conforms" : "DOES NOT CONFORM", reportDir);
        return report;
    }
}
// end::kit[]
