package io.github.resnetspi.api;

import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.ResnetSpiException;

/** The backend lacks a {@link Capability} the request needs; tells which, and why. */
public final class UnsupportedCapabilityException extends ResnetSpiException {
    private static final long serialVersionUID = 1L;
    /** What the backend lacks. */
    private final Capability capability;

    /**
     * @param backend    the backend's name
     * @param capability what it lacks
     * @param reason     why, as the backend declares it
     * @param where      what needed it (a node, a call), or null
     */
    public UnsupportedCapabilityException(String backend, Capability capability, String reason, String where) {
        super("unsupported: backend '" + backend + "' does not support " + capability + " (" + reason + ")"
                + (where == null ? "" : ", needed by " + where), ErrorAnchor.UNSUPPORTED_CAPABILITY);
        this.capability = capability;
    }

    /** @return the capability the backend lacks */
    public Capability capability() {
        return capability;
    }
}
