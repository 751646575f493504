package io.github.resnetspi.api;

/** A role a {@link Backend} declares through {@link Backend#roles()}, so that tools find it without knowing its name. */
public enum Role {
    /**
     * The exact engine the others are measured against: the conformance kit's expected answers and the compare
     * report's cross-check come from the backend with this role (the float64 reference), which implements
     * {@link io.github.resnetspi.api.spi.Yardstick}.
     */
    YARDSTICK
}
