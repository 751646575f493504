/**
 * Deterministic initial weights: the same values from a seed on every backend
 * ({@link io.github.resnetspi.api.init.Initializer}, drawn from {@link io.github.resnetspi.api.init.SplitMix64}).
 */
package io.github.resnetspi.api.init;
