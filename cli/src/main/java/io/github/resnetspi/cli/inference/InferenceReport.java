package io.github.resnetspi.cli.inference;

import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.cli.report.HostEnvironment;
import io.github.resnetspi.conformance.Compare;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An inference comparison's results ({@code results.json}): the settings, the host, the tolerance the logits were
 * held to, one {@link InferenceRow} per side, and notes on what makes a figure doubtful (an order between a backend
 * and native PyTorch that changed from round to round, a busy machine).
 */
public record InferenceReport(String title, String command, InferenceSettings settings, HostEnvironment host,
                              String input, double tolerance, List<InferenceRow> rows, List<String> notes) {
    /** Timed batch-1 forwards per side below which the report says that p99 is little more than the maximum. */
    public static final int MIN_SAMPLES = 200;

    public InferenceReport {
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    /**
     * @param rounds    each side's measurements in round order (native PyTorch under {@value NativePyTorch#NAME})
     * @param reference the float64 reference's logits of the check images
     * @param tolerance the largest scale-relative error of a side's logits that agrees
     */
    static InferenceReport of(String command, InferenceSettings s, HostEnvironment host, String input,
                              Map<String, List<CellMeasurement>> rounds, FloatTensor reference, double tolerance) {
        Map<String, InferenceRow> raw = new LinkedHashMap<>();
        rounds.forEach((side, ms) -> raw.put(side, row(side, ms, reference, tolerance)));
        InferenceRow nat = raw.get(NativePyTorch.NAME);
        List<InferenceRow> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int samples = s.runs() * s.rounds();
        if (samples < MIN_SAMPLES) {
            notes.add(samples + " timed batch-1 forwards per side (--runs × --rounds): fewer than " + MIN_SAMPLES
                    + ", so p99 is the largest or next-largest of them; for figures to keep, use the defaults");
        }
        for (InferenceRow r : raw.values()) {
            boolean compared = nat != null && nat.ok() && r.ok() && r != nat;
            rows.add(!compared ? r : new InferenceRow(r.side(), r.status(), r.error(), r.engine(), r.engineVersion(),
                    r.device(), r.threads(), r.agreement(), r.samples(), r.p50Ms(), r.p90Ms(), r.p99Ms(), r.roundP50Ms(),
                    r.throughput(), r.roundThroughputs(), nat.p50Ms() / r.p50Ms(), nat.p99Ms() / r.p99Ms(),
                    r.throughput() / nat.throughput(), r.loaded(), r.details()));
            if (compared && !r.device().equals(nat.device())) {
                notes.add(r.side() + " ran on " + r.device() + ", native PyTorch on " + nat.device() + ": their ratios"
                        + " compare devices, not integrations");
            }
            if (compared && orderChanges(r.roundP50Ms(), nat.roundP50Ms())) {
                notes.add(r.side() + " was faster than native PyTorch at batch 1 in some rounds and slower in others"
                        + " (round p50s " + ms(r.roundP50Ms()) + " against " + ms(nat.roundP50Ms()) + "): their difference"
                        + " is within this machine's noise");
            }
            if (!r.loaded().isEmpty()) {
                notes.add(r.side() + ": the machine was busy apart from it (" + String.join("; ", r.loaded())
                        + "): its figures say as much about the machine as about the engine");
            }
        }
        return new InferenceReport("resnet-spi inference: " + s.model() + " (" + input + ")", command, s, host, input,
                tolerance, rows, notes);
    }

    /** One side's row from its rounds. */
    static InferenceRow row(String side, List<CellMeasurement> ms, FloatTensor reference, double tolerance) {
        CellMeasurement failed = ms.stream().filter(m -> !m.ok()).findFirst().orElse(null);
        if (failed != null || ms.isEmpty()) {
            return new InferenceRow(side, InferenceRow.FAILED, failed == null ? "no round ran" : failed.error(), null,
                    null, null, 0, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, null, Double.NaN, null, null, null,
                    null, null, null);
        }
        double agreement = 0;
        List<Double> p50s = new ArrayList<>();
        List<Double> tps = new ArrayList<>();
        List<String> loaded = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        Shape logitShape = reference.shape();
        for (int i = 0; i < ms.size(); i++) {
            CellMeasurement m = ms.get(i);
            double e = m.logits().length != reference.size() ? Double.POSITIVE_INFINITY
                    : Compare.diff(side + " logits", FloatTensor.of(logitShape, m.logits()), reference, 0).error();
            agreement = Double.isNaN(e) || Double.isNaN(agreement) ? Double.NaN : Math.max(agreement, e);
            p50s.add(Percentiles.nearestRank(m.latenciesMs(), 50));
            tps.add(m.throughputImagesPerSecond());
            for (double v : m.latenciesMs()) {
                all.add(v);
            }
            if (m.load() != null && m.load().loaded()) {
                loaded.add("round " + (i + 1) + ": " + String.join(", ", m.load().reasons()));
            }
        }
        double[] pooled = all.stream().mapToDouble(Double::doubleValue).toArray();
        boolean agrees = agreement <= tolerance;
        CellMeasurement first = ms.get(0);
        return new InferenceRow(side, agrees ? InferenceRow.OK : InferenceRow.DISAGREES, agrees ? null
                : String.format(Locale.ROOT, "its logits differ from the float64 reference's by %.3e (scale-relative),"
                + " above the tolerance %.0e: its figures are not ranked", agreement, tolerance),
                first.engine(), first.engineVersion(), first.device(), first.threads(), agreement, pooled.length,
                Percentiles.nearestRank(pooled, 50), Percentiles.nearestRank(pooled, 90),
                Percentiles.nearestRank(pooled, 99), p50s,
                Percentiles.nearestRank(tps.stream().mapToDouble(Double::doubleValue).toArray(), 50), tps, null, null,
                null, loaded, first.details());
    }

    private static boolean orderChanges(List<Double> a, List<Double> b) {
        boolean faster = false;
        boolean slower = false;
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            faster |= a.get(i) < b.get(i);
            slower |= a.get(i) > b.get(i);
        }
        return faster && slower;
    }

    private static String ms(List<Double> v) {
        return String.join(", ", v.stream().map(x -> String.format(Locale.ROOT, "%.3f ms", x)).toList());
    }

    /** @return whether every side that measured agrees with the reference */
    public boolean allAgree() {
        return rows.stream().noneMatch(r -> InferenceRow.DISAGREES.equals(r.status()));
    }
}
