package io.github.resnetspi.cli.inference;

import java.util.List;
import java.util.Map;

/**
 * One side of an inference report: its figures pooled over its rounds.
 *
 * @param side              the backend's name, or {@value NativePyTorch#NAME}
 * @param status            {@value #OK}, {@value #DISAGREES} (its logits are off the reference by more than the
 *                          tolerance: its figures are shown, never ranked) or {@value #FAILED}
 * @param error             why it failed, or by how much it disagrees (null when ok)
 * @param agreement         the largest scale-relative error of its check logits against the float64 reference over
 *                          its rounds ({@code max|x − ref| / max|ref|}, as the conformance kit computes it); NaN when
 *                          it failed
 * @param samples           timed batch-1 forwards over all rounds
 * @param p50Ms             nearest-rank percentiles of those forwards, milliseconds
 * @param roundP50Ms        each round's p50, in round order
 * @param throughput        images per second at the throughput batch: the nearest-rank median of the rounds' figures
 * @param roundThroughputs  each round's figure
 * @param p50VsNative       native PyTorch's p50 over this side's (above 1: faster than native); null without a native
 *                          figure or when either side is not ok
 * @param p99VsNative       the same for p99
 * @param throughputVsNative this side's throughput over native PyTorch's (above 1: faster)
 * @param loaded            the rounds in which the machine was busy apart from this side, with why
 */
public record InferenceRow(String side, String status, String error, String engine, String engineVersion, String device,
                           int threads, double agreement, int samples, double p50Ms, double p90Ms, double p99Ms,
                           List<Double> roundP50Ms, double throughput, List<Double> roundThroughputs, Double p50VsNative,
                           Double p99VsNative, Double throughputVsNative, List<String> loaded, Map<String, String> details) {
    public static final String OK = "ok";
    public static final String DISAGREES = "disagrees";
    public static final String FAILED = "failed";

    public InferenceRow {
        roundP50Ms = roundP50Ms == null ? List.of() : List.copyOf(roundP50Ms);
        roundThroughputs = roundThroughputs == null ? List.of() : List.copyOf(roundThroughputs);
        loaded = loaded == null ? List.of() : List.copyOf(loaded);
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** @return whether it measured and agrees with the reference */
    public boolean ok() {
        return OK.equals(status);
    }

    /** @return whether it measured (agreeing or not) */
    public boolean measured() {
        return samples > 0;
    }
}
