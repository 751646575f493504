package io.github.resnetspi.cli.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A comparison: the shared settings, in display order, and one result per backend. */
public record ComparisonReport(String title, Map<String, String> settings, List<RunResult> results) {
    public ComparisonReport {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        results = List.copyOf(results);
    }
}
