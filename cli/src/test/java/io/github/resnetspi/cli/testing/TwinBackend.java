package io.github.resnetspi.cli.testing;

import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.reference.ReferenceProvider;

/**
 * Test double: the float64 reference under another name, so a comparison has two backends that give identical
 * numbers from every seed (a pair that must never be called different).
 */
public final class TwinBackend extends ReferenceUnderAnotherName {
    public static final String NAME = "test-twin";

    public TwinBackend() {
        super(NAME, ReferenceProvider.RANK + 1);
    }

    @Override
    public Model compile(Network network, CompileOptions options) {
        return reference.compile(network, options);
    }
}
