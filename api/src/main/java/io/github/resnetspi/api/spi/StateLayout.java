package io.github.resnetspi.api.spi;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.init.Initializer;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Sgd;
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

    public static StateLayout of(Network network, Sgd sgd) {
        return new StateLayout(network, sgd.momentum() > 0);
    }

    public static String momentumName(String parameter) {
        return parameter + MOMENTUM_SUFFIX;
    }

    /** Every entry name with its shape, in export order. */
    public Map<String, Shape> entries() {
        return entries;
    }

    /** Trainable parameters that have a momentum buffer (empty without momentum). */
    public List<ParameterSpec> momentumParameters() {
        return momentumOf;
    }

    /** Initial weights from {@code seed} plus zero momentum buffers. */
    public NamedTensors initialState(long seed) {
        Map<String, FloatTensor> out = new LinkedHashMap<>(Initializer.initialize(network, seed).asMap());
        for (ParameterSpec p : momentumOf) {
            out.put(momentumName(p.name()), FloatTensor.zeros(p.shape()));
        }
        return NamedTensors.of(out);
    }

    /** Checks that every entry of {@code state} is known and has the right shape; the message names the first that is not. */
    public void validate(NamedTensors state) {
        for (Map.Entry<String, FloatTensor> e : state.asMap().entrySet()) {
            Shape want = entries.get(e.getKey());
            if (want == null) {
                throw new IllegalArgumentException("unknown state entry '" + e.getKey() + "' for network '"
                        + network.name() + "'" + (e.getKey().endsWith(MOMENTUM_SUFFIX)
                        ? " (momentum buffers exist only when the model was compiled with momentum > 0)" : ""));
            }
            if (!want.equals(e.getValue().shape())) {
                throw new IllegalArgumentException("state entry '" + e.getKey() + "' has shape " + e.getValue().shape()
                        + ", expected " + want);
            }
        }
    }
}
