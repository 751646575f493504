/**
 * Plain float32 tensors in row-major NCHW order ({@link io.github.resnetspi.api.tensor.FloatTensor}) and named sets
 * of them ({@link io.github.resnetspi.api.tensor.NamedTensors}): what goes in and out of a model.
 */
package io.github.resnetspi.api.tensor;
