package io.github.resnetspi.api.spi;

import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.Role;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.tensor.NamedTensors;

/**
 * What a backend that declares {@link Role#YARDSTICK} provides beyond {@link #compile}: a model that computes every
 * value itself but takes another engine's discrete decisions. The conformance kit finds its yardstick with
 * {@code Backends.discover().withRole(Role.YARDSTICK)} and compares every backend with it; the float64 reference
 * backend is the project's one.
 */
public interface Yardstick extends BackendProvider {
    /**
     * Compiles {@code network} as {@link #compile} does, but every train-mode pass of the returned model (a training
     * step, a train-mode forward) takes its discrete decisions from {@code nodeOutputs}: a ReLU passes the gradient
     * of exactly the elements where that output is positive, and a max pool routes it to the first cell of each
     * window that equals that output. Every value is still the yardstick's own. {@code nodeOutputs} are another
     * engine's outputs of every node in a train-mode forward on the images the model will be trained on
     * ({@link Model#forwardAll}).
     *
     * <p>For deep networks: float32 rounding puts some ReLU inputs that lie within ~1e-6 of zero on the other side,
     * and each such element reroutes part of the gradient, so an engine's gradients differ from the yardstick's by far
     * more than rounding. Following the engine's decisions leaves only the rounding to compare.
     *
     * @param network     the network
     * @param options     compile options
     * @param nodeOutputs every node's output of the other engine's train-mode forward (same images, same state)
     * @return a model that follows those decisions
     * @throws IllegalArgumentException if a node's output is missing; later, if the images or the outputs do not fit
     */
    Model compileFollowing(Network network, CompileOptions options, NamedTensors nodeOutputs);
}
