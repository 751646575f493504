package io.github.resnetspi.api.presets;

import io.github.resnetspi.api.graph.Network;
import java.util.function.Function;

/**
 * A named network family member, with the input size and classes it is usually built for.
 *
 * @param name        the name it is selected by, e.g. {@code d2l-resnet18}
 * @param description one sentence: what it is
 * @param defaults    the input size and classes it is usually built for
 * @param factory     builds it for given options
 */
public record Preset(String name, String description, PresetOptions defaults, Function<PresetOptions, Network> factory) {

    /** @return the network built for its usual input and classes */
    public Network build() {
        return factory.apply(defaults);
    }

    /**
     * @param options the input size and classes to build for
     * @return the network built for them
     */
    public Network build(PresetOptions options) {
        return factory.apply(options);
    }
}
