/**
 * The GPU training-step benchmark ({@code bench/gpu/run-gpu-bench.sh}).
 */
package io.github.resnetspi.bench.gpu;
