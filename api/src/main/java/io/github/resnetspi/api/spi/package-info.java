/**
 * What a backend implements and what an application calls: a {@link io.github.resnetspi.api.spi.BackendProvider}
 * (found by {@link java.util.ServiceLoader}) compiles a network into a {@link io.github.resnetspi.api.spi.Model};
 * {@link io.github.resnetspi.api.spi.AbstractModel} makes every check of the model's contract once. Compile options,
 * devices, capabilities, threads and the state layout live here too. docs/writing-a-backend.md is the guide.
 */
package io.github.resnetspi.api.spi;
