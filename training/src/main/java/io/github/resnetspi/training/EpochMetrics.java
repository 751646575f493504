package io.github.resnetspi.training;

/**
 * One epoch's numbers, d2l-style: {@code loss} is the mean training cross-entropy over the epoch's examples and
 * {@code trainAccuracy} is counted from the logits each step returned (before its update); {@code testAccuracy}
 * is measured after the epoch in eval mode. {@code examplesPerSecond} counts training examples over the training
 * time only ({@code trainSeconds}, as d2l's timer); {@code epochSeconds} includes evaluation. Peak RSS is the
 * process's high-water mark in bytes so far, or -1 where the OS does not report it.
 */
public record EpochMetrics(int epoch, double learningRate, double loss, double trainAccuracy, double testAccuracy,
                           long trainExamples, double trainSeconds, double epochSeconds, double examplesPerSecond,
                           long peakRssBytes) {
}
