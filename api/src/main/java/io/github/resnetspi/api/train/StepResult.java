package io.github.resnetspi.api.train;

import io.github.resnetspi.api.tensor.FloatTensor;

/**
 * What one training step returns: the mean softmax cross-entropy of the batch and the logits (N, classes), both
 * from the forward pass before the update (so a training loop can count training accuracy as the d2l code does).
 */
public record StepResult(double loss, FloatTensor logits) {
}
