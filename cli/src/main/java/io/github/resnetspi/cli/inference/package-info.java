/**
 * {@code compare --task inference}: EVAL-mode forward latency at batch 1 and throughput at a larger batch of several
 * backends and native PyTorch, from the same weights and input, each side in a process of its own, in rounds whose
 * order rotates; every side's logits checked against the float64 reference. Docs: docs/cli.md, "compare --task inference".
 */
package io.github.resnetspi.cli.inference;
