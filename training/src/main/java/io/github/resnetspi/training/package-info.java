/**
 * The training loop: {@link io.github.resnetspi.training.Trainer} trains a model on a dataset as a
 * {@link io.github.resnetspi.training.TrainConfig} says, reports each epoch to a
 * {@link io.github.resnetspi.training.TrainingListener} and returns a {@link io.github.resnetspi.training.TrainingResult}.
 * Datasets are in {@code data}, checkpoints in {@code checkpoint}.
 */
package io.github.resnetspi.training;
