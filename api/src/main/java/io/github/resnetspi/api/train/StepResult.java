package io.github.resnetspi.api.train;

import io.github.resnetspi.api.tensor.FloatTensor;

/**
 * What one training step returns: the mean softmax cross-entropy of the batch and the logits (N, classes), both
 * from the forward pass before the update (so a training loop can count training accuracy as the d2l code does).
 *
 * @param loss   the batch's mean softmax cross-entropy
 * @param logits the logits (N, classes) of the forward pass
 */
public record StepResult(double loss, FloatTensor logits) {
}
