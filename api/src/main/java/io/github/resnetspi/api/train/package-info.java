/**
 * Training's vocabulary: PyTorch-form SGD with momentum and weight decay ({@link io.github.resnetspi.api.train.Sgd}),
 * learning-rate schedules ({@link io.github.resnetspi.api.train.LrSchedule}), train and eval
 * {@link io.github.resnetspi.api.train.Mode}s and a step's {@link io.github.resnetspi.api.train.StepResult}.
 */
package io.github.resnetspi.api.train;
