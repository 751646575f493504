/**
 * The network description: a {@link io.github.resnetspi.api.graph.Network} of named
 * {@link io.github.resnetspi.api.graph.Node}s whose ops (conv, batch norm, pools, add, ReLU, flatten, dense) form a
 * sealed family with every semantic pinned down (explicit {@link io.github.resnetspi.api.graph.Padding}, batch-norm
 * ε and momentum, pooling divisors); built with {@link io.github.resnetspi.api.graph.NetworkBuilder} and dispatched
 * over with an {@link io.github.resnetspi.api.graph.OpVisitor}. See docs/semantics.md.
 */
package io.github.resnetspi.api.graph;
