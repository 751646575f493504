/**
 * The README's "Using the library" as programs the build runs: a first step, training on Fashion-MNIST, a checkpoint
 * exported and imported, the conformance kit run from code.
 */
package io.github.resnetspi.examples;
