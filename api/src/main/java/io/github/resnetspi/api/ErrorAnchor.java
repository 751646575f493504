package io.github.resnetspi.api;

import java.util.Locale;

/**
 * Stable anchors of {@code docs/errors.md}, the page that explains each kind of error this project raises and what
 * to do about it (as SLF4J's {@code codes.html} does). A {@link ResnetSpiException} that carries one ends its message
 * with {@code (see docs/errors.md#anchor)}; applications such as the CLI can add their own advice for it.
 */
public enum ErrorAnchor {
    /** No backend on the class path, or none by the requested name. */
    BACKEND_NOT_FOUND,
    /** A backend was built for another version of the provider SPI. */
    SPI_VERSION,
    /** A backend's engine or native library cannot be loaded. */
    BACKEND_UNAVAILABLE,
    /** A GPU was requested that the backend cannot see. */
    GPU_UNAVAILABLE,
    /** The network needs a capability the backend declares unsupported. */
    UNSUPPORTED_CAPABILITY,
    /** The network description is invalid. */
    INVALID_NETWORK,
    /** A thread-count setting is not a positive whole number, or conflicts with the engine's. */
    THREADS,
    /** Training produced a non-finite loss. */
    TRAINING_DIVERGED,
    /** A dataset is missing, truncated or corrupt. */
    DATASET,
    /** A checkpoint cannot be written, read or resumed. */
    CHECKPOINT,
    /** A run directory is in use by another process or cannot be written. */
    RUN_DIRECTORY;

    /** The page the anchors belong to, relative to the repository root. */
    public static final String PAGE = "docs/errors.md";

    /** @return the anchor as written in the page, e.g. {@code gpu-unavailable} */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the page and anchor, e.g. {@code docs/errors.md#gpu-unavailable} */
    public String reference() {
        return PAGE + "#" + id();
    }
}
