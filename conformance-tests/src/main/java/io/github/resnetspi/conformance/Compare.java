package io.github.resnetspi.conformance;

import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.opentest4j.AssertionFailedError;

/**
 * The kit's numeric comparisons. The error of a tensor is {@code max|actual − expected| / max(‖expected‖∞, floor)}:
 * scale-relative, so that it reads the same for logits, gradients and running variances. Every comparison is
 * recorded for the report (the largest error of the check) and fails with the tensor name, the index and both values
 * of the worst element.
 */
public final class Compare {
    private Compare() {
    }

    /**
     * The worst element of a comparison.
     *
     * @param what     what was compared (tensor name, step)
     * @param error    its scale-relative error
     * @param index    the flat index of the worst element
     * @param actual   the backend's value there
     * @param expected the reference's value there
     */
    public record Diff(String what, double error, int index, double actual, double expected) {
        String describe() {
            return String.format(Locale.ROOT, "%s: error %.3e at flat index %d (actual %.9g, expected %.9g)",
                    what, error, index, actual, expected);
        }
    }

    /**
     * @param what     what is compared
     * @param actual   the backend's tensor
     * @param expected the reference's values
     * @param floor    the least scale the error is relative to
     * @return the worst element: {@code max|actual − expected| / max(‖expected‖∞, floor)}
     * @throws AssertionFailedError if the sizes differ
     */
    public static Diff diff(String what, FloatTensor actual, double[] expected, double floor) {
        if (actual.size() != expected.length) {
            throw new AssertionFailedError(what + ": " + actual.size() + " values, expected " + expected.length
                    + " (shape " + actual.shape() + ")");
        }
        double scale = floor;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        if (scale == 0) {
            scale = 1;
        }
        double worst = -1;
        int at = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(actual.get(i) - expected[i]);
            if (Double.isNaN(d)) {
                return new Diff(what, Double.NaN, i, actual.get(i), expected[i]);
            }
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        return new Diff(what, expected.length == 0 ? 0 : worst / scale, at,
                expected.length == 0 ? 0 : actual.get(at), expected.length == 0 ? 0 : expected[at]);
    }

    /**
     * @param what     what is compared
     * @param actual   the backend's tensor
     * @param expected the reference's tensor
     * @param floor    the least scale the error is relative to
     * @return the worst element
     * @throws AssertionFailedError if the shapes differ
     */
    public static Diff diff(String what, FloatTensor actual, FloatTensor expected, double floor) {
        if (!actual.shape().equals(expected.shape())) {
            throw new AssertionFailedError(what + ": shape " + actual.shape() + ", expected " + expected.shape());
        }
        return diff(what, actual, toDouble(expected), floor);
    }

    /**
     * Asserts one tensor is within {@code tolerance}, recording the error.
     *
     * @param what      what is compared
     * @param actual    the backend's tensor
     * @param expected  the reference's tensor
     * @param tolerance the largest scale-relative error allowed
     */
    public static void assertClose(String what, FloatTensor actual, FloatTensor expected, double tolerance) {
        check(diff(what, actual, expected, 0), tolerance);
    }

    /**
     * Asserts every tensor of {@code expected} is within {@code tolerance}, with the same names (and no others) in
     * {@code actual}. Each tensor's scale is floored at 1e-3 of the largest tensor norm of the set, so that tensors
     * that are zero in exact arithmetic are judged by the scale of their kind, not by their own rounding noise.
     *
     * @param what      what is compared
     * @param actual    the backend's tensors
     * @param expected  the reference's tensors
     * @param tolerance the largest scale-relative error allowed for any element
     */
    public static void assertAllClose(String what, NamedTensors actual, NamedTensors expected, double tolerance) {
        Set<String> want = new TreeSet<>(expected.names());
        Set<String> have = new TreeSet<>(actual.names());
        if (!want.equals(have)) {
            Set<String> missing = new TreeSet<>(want);
            missing.removeAll(have);
            Set<String> extra = new TreeSet<>(have);
            extra.removeAll(want);
            throw new AssertionFailedError(what + ": names differ; missing " + missing + ", unexpected " + extra);
        }
        double global = 0;
        for (FloatTensor t : expected.asMap().values()) {
            for (int i = 0; i < t.size(); i++) {
                global = Math.max(global, Math.abs(t.get(i)));
            }
        }
        Diff worst = null;
        for (String name : expected.names()) {
            Diff d = diff(what + " '" + name + "'", actual.get(name), expected.get(name), 1e-3 * global);
            if (worst == null || !(d.error() <= worst.error())) {
                worst = d;
            }
        }
        if (worst != null) {
            check(worst, tolerance);
        }
    }

    /**
     * Asserts that the set of tensors is within {@code tolerance} in the global relative L2 sense,
     * {@code sqrt(Σ (actual − expected)²) / sqrt(Σ expected²)} over all elements of all tensors (same names required).
     * For deep networks, whose per-element gradients are ill-conditioned (see {@link Tolerances#DEEP_TRAINING_STEP}),
     * and for a global scale error (see {@link Tolerances#STEP_UPDATE_L2}).
     *
     * @param what      what is compared
     * @param actual    the backend's tensors
     * @param expected  the reference's tensors
     * @param tolerance the largest relative L2 error allowed
     */
    public static void assertAllCloseL2(String what, NamedTensors actual, NamedTensors expected, double tolerance) {
        Set<String> want = new TreeSet<>(expected.names());
        Set<String> have = new TreeSet<>(actual.names());
        if (!want.equals(have)) {
            throw new AssertionFailedError(what + ": names differ; expected " + want + ", got " + have);
        }
        double num = 0;
        double den = 0;
        String worst = null;
        double worstShare = -1;
        for (String name : expected.names()) {
            FloatTensor a = actual.get(name);
            FloatTensor e = expected.get(name);
            if (!a.shape().equals(e.shape())) {
                throw new AssertionFailedError(what + " '" + name + "': shape " + a.shape() + ", expected " + e.shape());
            }
            double part = 0;
            for (int i = 0; i < e.size(); i++) {
                double d = (double) a.get(i) - e.get(i);
                part += d * d;
                den += (double) e.get(i) * e.get(i);
            }
            num += part;
            if (!(part <= worstShare)) {
                worstShare = part;
                worst = name;
            }
        }
        double error = den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
        String at = what + " (relative L2 over all tensors; most from '" + worst + "')";
        Observations.error(at, error, tolerance);
        if (!(error <= tolerance)) {
            throw new AssertionFailedError(String.format(Locale.ROOT, "%s: error %.3e exceeds tolerance %.1e", at, error, tolerance));
        }
    }

    /**
     * Records {@code d} for the report and fails if it exceeds {@code tolerance}.
     *
     * @param d         a comparison's worst element
     * @param tolerance the largest error allowed
     */
    public static void check(Diff d, double tolerance) {
        Observations.error(d.what(), d.error(), tolerance);
        if (!(d.error() <= tolerance)) {
            throw new AssertionFailedError(d.describe() + String.format(Locale.ROOT, " exceeds tolerance %.1e", tolerance));
        }
    }

    /**
     * Records and checks a scalar absolute error (losses, accuracies).
     *
     * @param what      what is compared
     * @param actual    the backend's value
     * @param expected  the reference's value
     * @param tolerance the largest absolute error allowed
     */
    public static void checkScalar(String what, double actual, double expected, double tolerance) {
        double err = Math.abs(actual - expected);
        Observations.error(what, Double.isNaN(err) ? Double.NaN : err, tolerance);
        if (!(err <= tolerance)) {
            throw new AssertionFailedError(String.format(Locale.ROOT, "%s: %.9g, expected %.9g (error %.3e exceeds %.1e)",
                    what, actual, expected, err, tolerance));
        }
    }

    static double[] toDouble(FloatTensor t) {
        double[] out = new double[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.get(i);
        }
        return out;
    }
}
