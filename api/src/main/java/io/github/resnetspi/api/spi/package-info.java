/**
 * What a backend author implements: a {@link io.github.resnetspi.api.spi.BackendProvider} (found by
 * {@link java.util.ServiceLoader}, versioned by {@link io.github.resnetspi.api.spi.BackendProvider#SPI_VERSION}),
 * usually through {@link io.github.resnetspi.api.spi.AbstractBackendProvider}, which owns the compile preamble;
 * {@link io.github.resnetspi.api.spi.AbstractModel} makes every check of the model's contract once and
 * {@link io.github.resnetspi.api.spi.InputChecks} the argument checks. Applications never need this package: they use
 * {@link io.github.resnetspi.api.Backend} and {@link io.github.resnetspi.api.Model}. docs/writing-a-backend.md is the
 * guide.
 */
package io.github.resnetspi.api.spi;
