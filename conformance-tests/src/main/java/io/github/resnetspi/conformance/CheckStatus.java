package io.github.resnetspi.conformance;

/** Outcome of one conformance check. */
public enum CheckStatus {
    /** The backend meets the contract. */
    PASSED,
    /** The backend breaks the contract (or crashed). */
    FAILED,
    /**
     * The backend declares a capability the check needs unsupported, and refused it with a clear
     * {@link io.github.resnetspi.api.UnsupportedCapabilityException}, as it must. Not a failure, not a skip.
     */
    UNSUPPORTED,
    /** Not run (disabled or aborted by the test engine). */
    SKIPPED
}
