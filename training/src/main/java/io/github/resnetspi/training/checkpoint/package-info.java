/**
 * Checkpoints: a model's state as a safetensors file ({@link io.github.resnetspi.training.checkpoint.SafeTensors}),
 * and the checkpoint directories training writes and resumes from
 * ({@link io.github.resnetspi.training.checkpoint.CheckpointStore}, {@link io.github.resnetspi.training.checkpoint.Checkpoint}).
 */
package io.github.resnetspi.training.checkpoint;
