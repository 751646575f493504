package io.github.resnetspi.cli.report;

import io.github.resnetspi.cli.cell.HostEnvironment;
import io.github.resnetspi.cli.cell.RunResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A comparison as the report shows it: the shared settings in display order, the backends in order, every planned
 * cell (finished, failed or missing), the accuracy that time-to-accuracy counts to, the significance level of the
 * verdicts, warnings about the figures (e.g. concurrent CPU cells) and the machine the comparison was started on.
 */
public record ComparisonReport(String title, Map<String, String> settings, List<String> backends, List<RunResult> runs,
                               double targetAccuracy, double alpha, List<String> warnings, HostEnvironment host) {
    /** Significance level of the pairwise verdicts. */
    public static final double ALPHA = 0.05;

    public ComparisonReport {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        backends = List.copyOf(backends);
        runs = List.copyOf(runs);
        warnings = List.copyOf(warnings);
    }

    /** One row per backend, in order. */
    public List<BackendSummary> summaries() {
        return backends.stream().map(b -> BackendSummary.of(b, runs, targetAccuracy)).toList();
    }

    /** Every pair of backends, in order: (1,2), (1,3), (2,3), … */
    public List<Difference> differences() {
        List<BackendSummary> s = summaries();
        List<Difference> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            for (int j = i + 1; j < s.size(); j++) {
                out.add(Difference.of(s.get(i), s.get(j), alpha));
            }
        }
        return out;
    }

    /** The runs of {@code backend}, in seed order as planned. */
    public List<RunResult> runsOf(String backend) {
        return runs.stream().filter(r -> r.backend().equals(backend)).toList();
    }
}
