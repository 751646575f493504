package io.github.resnetspi.api.presets;

import io.github.resnetspi.api.graph.Network;
import java.util.function.Function;

/** A named network family member, with the input size and classes it is usually built for. */
public record Preset(String name, String description, PresetOptions defaults, Function<PresetOptions, Network> factory) {

    public Network build() {
        return factory.apply(defaults);
    }

    public Network build(PresetOptions options) {
        return factory.apply(options);
    }
}
