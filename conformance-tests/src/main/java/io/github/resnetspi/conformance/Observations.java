package io.github.resnetspi.conformance;

/**
 * What the running check has measured so far: the worst numeric error (relative to its tolerance) and whether the
 * backend refused it as unsupported. One per thread, opened and closed around each check by {@link ReportExtension}.
 */
final class Observations {
    private static final ThreadLocal<Observations> CURRENT = new ThreadLocal<>();

    private double maxError = Double.NaN;
    private double tolerance = Double.NaN;
    private String worstAt;
    private String unsupported;

    static Observations open() {
        Observations o = new Observations();
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
        double ratio = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error / tolerance;
        double worst = Double.isNaN(o.maxError) ? Double.NEGATIVE_INFINITY
                : Double.isNaN(o.maxError / o.tolerance) ? Double.POSITIVE_INFINITY : o.maxError / o.tolerance;
        if (ratio > worst || Double.isNaN(o.maxError)) {
            o.maxError = error;
            o.tolerance = tolerance;
            o.worstAt = what;
        }
    }

    static void unsupported(String message) {
        Observations o = CURRENT.get();
        if (o != null) {
            o.unsupported = message;
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
}
