package io.github.resnetspi.api;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.init.Initializer;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names and shapes of everything a model exports: each {@link ParameterSpec} under its name (parameters and BN
 * running statistics), then, when momentum is non-zero, one momentum buffer per trainable parameter under
 * {@code <parameter>.momentum_buffer}, zero before the first step.
 */
public final class StateLayout {
    /** Appended to a parameter's name to name its momentum buffer (PyTorch's optimizer state key). */
    public static final String MOMENTUM_SUFFIX = ".momentum_buffer";

    private final Network network;
    private final Map<String, Shape> entries;
    private final List<ParameterSpec> momentumOf;

    private StateLayout(Network network, boolean momentum) {
        this.network = network;
        Map<String, Shape> e = new LinkedHashMap<>();
        for (ParameterSpec p : network.parameters()) {
            e.put(p.name(), p.shape());
        }
        this.momentumOf = momentum ? network.trainableParameters() : List.of();
        for (ParameterSpec p : momentumOf) {
            e.put(momentumName(p.name()), p.shape());
        }
        this.entries = Collections.unmodifiableMap(e);
    }

    /**
     * @param network the network
     * @param options its compile options (momentum buffers exist when momentum &gt; 0)
     * @return the layout of a model compiled with these options
     */
    public static StateLayout of(Network network, CompileOptions options) {
        return new StateLayout(network, options.hasMomentum());
    }

    /**
     * @param network         the network
     * @param momentumBuffers whether the model keeps momentum buffers
     * @return the layout
     */
    public static StateLayout of(Network network, boolean momentumBuffers) {
        return new StateLayout(network, momentumBuffers);
    }

    /**
     * @param parameter a trainable parameter's name
     * @return the name of its momentum buffer, {@code <parameter>.momentum_buffer}
     */
    public static String momentumName(String parameter) {
        return parameter + MOMENTUM_SUFFIX;
    }

    /**
     * @param entry a state entry's name
     * @return whether it names a momentum buffer
     */
    public static boolean isMomentumBuffer(String entry) {
        return entry.endsWith(MOMENTUM_SUFFIX);
    }

    /**
     * @param buffer a momentum buffer's name
     * @return the name of the parameter it belongs to
     * @throws IllegalArgumentException when {@code buffer} does not name a momentum buffer
     */
    public static String parameterOf(String buffer) {
        if (!isMomentumBuffer(buffer)) {
            throw new IllegalArgumentException("'" + buffer + "' is not a momentum buffer name");
        }
        return buffer.substring(0, buffer.length() - MOMENTUM_SUFFIX.length());
    }

    /** @return every entry name with its shape, in export order */
    public Map<String, Shape> entries() {
        return entries;
    }

    /** @return the trainable parameters that have a momentum buffer (empty without momentum) */
    public List<ParameterSpec> momentumParameters() {
        return momentumOf;
    }

    /**
     * @param seed the seed of the initial weights
     * @return the initial weights from {@code seed} plus zero momentum buffers
     */
    public NamedTensors initialState(long seed) {
        Map<String, FloatTensor> out = new LinkedHashMap<>(Initializer.initialize(network, seed).asMap());
        for (ParameterSpec p : momentumOf) {
            out.put(momentumName(p.name()), FloatTensor.zeros(p.shape()));
        }
        return NamedTensors.of(out);
    }

    /**
     * Checks that every entry of {@code state} is known and has the right shape; the message names the first that is not.
     *
     * @param state a subset of this layout's entries
     * @throws IllegalArgumentException naming the first unknown or misshapen entry
     */
    public void validate(NamedTensors state) {
        for (Map.Entry<String, FloatTensor> e : state.asMap().entrySet()) {
            Shape want = entries.get(e.getKey());
            if (want == null) {
                throw new IllegalArgumentException("unknown state entry '" + e.getKey() + "' for network '"
                        + network.name() + "'" + (isMomentumBuffer(e.getKey())
                        ? " (momentum buffers exist only when the model was compiled with momentum > 0)" : ""));
            }
            if (!want.equals(e.getValue().shape())) {
                throw new IllegalArgumentException("state entry '" + e.getKey() + "' has shape " + e.getValue().shape()
                        + ", expected " + want);
            }
        }
    }
}
