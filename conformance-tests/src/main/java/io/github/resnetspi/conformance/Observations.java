package io.github.resnetspi.conformance;

/**
 * What the running check has measured so far: the worst numeric error (relative to its tolerance) and whether the
 * backend refused it as unsupported. One per thread, opened and closed around each check by {@link ReportExtension}.
 */
final class Observations {
    /**
     * Set to {@code true} to print every comparison of every check (check, what, error, tolerance) to standard output,
     * tab-separated after {@code conformance-trace}: how the tolerances were calibrated (see the README).
     */
    static final String TRACE_PROPERTY = "resnetspi.conformance.trace";

    private static final ThreadLocal<Observations> CURRENT = new ThreadLocal<>();
    private static final boolean TRACE = Boolean.getBoolean(TRACE_PROPERTY);

    private String check = "";

    private boolean recorded;
    private double maxError = Double.NaN;
    private double tolerance = Double.NaN;
    private String worstAt;
    private String unsupported;
    private String note;

    static Observations open(String check) {
        Observations o = new Observations();
        o.check = check;
        CURRENT.set(o);
        return o;
    }

    static Observations close() {
        Observations o = CURRENT.get();
        CURRENT.remove();
        return o == null ? new Observations() : o;
    }

    /** Records a measured error; the one closest to (or furthest past) its tolerance is kept for the report. */
    static void error(String what, double error, double tolerance) {
        Observations o = CURRENT.get();
        if (o == null) {
            return; // a check method called outside the kit's extension (e.g. directly from a unit test)
        }
        if (TRACE) {
            System.out.println("conformance-trace\t" + o.check + "\t" + what + "\t" + error + "\t" + tolerance);
        }
        double ratio = ratio(error, tolerance);
        if (!o.recorded || ratio > ratio(o.maxError, o.tolerance)) {
            o.recorded = true;
            o.maxError = error;
            o.tolerance = tolerance;
            o.worstAt = what;
        }
    }

    /** How far an error is into its tolerance; NaN errors are the worst, and any error over a zero tolerance is too. */
    private static double ratio(double error, double tolerance) {
        if (Double.isNaN(error)) {
            return Double.POSITIVE_INFINITY;
        }
        if (tolerance == 0) {
            return error == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return error / tolerance;
    }

    static void unsupported(String message) {
        Observations o = CURRENT.get();
        if (o != null) {
            o.unsupported = message;
        }
    }

    /**
     * Records what a passing check could not run because the backend refused it as declared, e.g. the train-mode half
     * of a forward check on a backend without {@code TRAINING}; the check stays passed and the report shows the note.
     */
    static void note(String message) {
        Observations o = CURRENT.get();
        if (o != null) {
            o.note = message;
        }
    }

    double maxError() {
        return maxError;
    }

    double tolerance() {
        return tolerance;
    }

    String worstAt() {
        return worstAt;
    }

    /** The refusal message when the backend declared the check's capability unsupported, else null. */
    String unsupportedMessage() {
        return unsupported;
    }

    /** The note of a passing check ({@link #note}), else null. */
    String note() {
        return note;
    }
}
