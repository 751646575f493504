/**
 * Datasets: Fashion-MNIST, CIFAR-10 and synthetic data ({@link io.github.resnetspi.training.data.Datasets}), where
 * they are looked for and fetched ({@link io.github.resnetspi.training.data.DataLocator}), and the batches a model is
 * fed.
 */
package io.github.resnetspi.training.data;
