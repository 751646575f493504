package io.github.resnetspi.cli.inference;

import io.github.resnetspi.cli.report.MachineLoad;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one side (a backend in its child JVM, or native PyTorch) measured in one round, as its {@code round-R.json}
 * holds it; a Java child and the Python peer write the same fields.
 *
 * @param engine                    the engine, as its backend names it
 * @param engineVersion             its version
 * @param device                    the device the forwards ran on
 * @param threads                   CPU threads the engine computed with
 * @param logits                    the EVAL logits of the check images, row-major (check batch × classes)
 * @param latenciesMs               every timed batch-1 forward, milliseconds, in the order run
 * @param throughputImagesPerSecond images per second over the timed forwards at the throughput batch
 * @param details                   the backend's settings in effect (build flags, …)
 * @param load                      how busy the machine was apart from this side while its process ran (the parent
 *                                  fills it in; null when not measured)
 * @param error                     why the side could not measure (then every figure is absent)
 */
public record CellMeasurement(String engine, String engineVersion, String device, int threads, float[] logits,
                              double[] latenciesMs, double throughputImagesPerSecond, Map<String, String> details,
                              MachineLoad load, String error) {
    public CellMeasurement {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
        if (error == null && (logits == null || latenciesMs == null || latenciesMs.length == 0)) {
            throw new IllegalArgumentException("a measurement without an error needs logits and latencies");
        }
    }

    /** A side that could not measure, and why. */
    public static CellMeasurement failed(String error) {
        return new CellMeasurement(null, null, null, 0, null, null, Double.NaN, Map.of(), null, error);
    }

    /** @return whether it measured */
    public boolean ok() {
        return error == null;
    }

    /** This measurement with the machine's load while it ran. */
    public CellMeasurement withLoad(MachineLoad l) {
        return new CellMeasurement(engine, engineVersion, device, threads, logits, latenciesMs, throughputImagesPerSecond,
                details, l, error);
    }
}
