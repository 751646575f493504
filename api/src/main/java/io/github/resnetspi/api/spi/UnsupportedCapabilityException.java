package io.github.resnetspi.api.spi;

import io.github.resnetspi.api.ResnetSpiException;

/** The backend lacks a {@link Capability} the request needs; tells which, and why. */
public final class UnsupportedCapabilityException extends ResnetSpiException {
    private static final long serialVersionUID = 1L;
    private final Capability capability;

    public UnsupportedCapabilityException(String backend, Capability capability, String reason, String where) {
        super("unsupported: backend '" + backend + "' does not support " + capability + " (" + reason + ")"
                + (where == null ? "" : ", needed by " + where));
        this.capability = capability;
    }

    public Capability capability() {
        return capability;
    }
}
