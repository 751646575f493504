/**
 * Benchmarks run by the scripts in {@code bench/} (throughput, profiles, soak); not tests. docs/benchmarks.md holds
 * their figures.
 */
package io.github.resnetspi.bench;
