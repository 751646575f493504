package io.github.resnetspi.conformance;

/**
 * One row of a conformance report.
 *
 * @param id          the check's method name, stable across runs
 * @param contract    the check's display name: the contract it tests
 * @param status      outcome
 * @param maxError    largest observed error of a numeric check (its own metric, see the README), NaN for non-numeric
 *                    checks
 * @param tolerance   the tolerance {@code maxError} was held to, NaN for non-numeric checks
 * @param worstAt     what the largest error was measured on (tensor name, step), or null
 * @param message     failure message, or the unsupported-capability message; for a passed check, null or a note on
 *                    the part the backend refused as declared (the train-mode half on a backend without training)
 * @param seconds     wall time of the check
 */
public record CheckResult(String id, String contract, CheckStatus status, double maxError, double tolerance,
                          String worstAt, String message, double seconds) {
}
