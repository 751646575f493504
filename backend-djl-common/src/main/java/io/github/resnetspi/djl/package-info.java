/**
 * What the two DJL backends share: the provider and model over a DJL engine
 * ({@link io.github.resnetspi.djl.DjlProvider} and its model), the graph executor, the engine's natives
 * ({@link io.github.resnetspi.djl.DjlRuntime}, one subclass per engine) and the
 * {@link io.github.resnetspi.djl.EngineAdapter} each engine implements.
 */
package io.github.resnetspi.djl;
