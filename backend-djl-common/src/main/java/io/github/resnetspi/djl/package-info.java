/**
 * What the two DJL backends share: the provider and model over a DJL engine
 * ({@link io.github.resnetspi.djl.DjlProvider} and its model), the graph executor and the
 * {@link io.github.resnetspi.djl.EngineAdapter} each engine implements.
 */
package io.github.resnetspi.djl;
