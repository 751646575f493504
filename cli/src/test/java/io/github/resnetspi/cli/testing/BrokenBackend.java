package io.github.resnetspi.cli.testing;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.spi.BackendInfo;
import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.api.spi.BackendUnavailableException;
import io.github.resnetspi.api.spi.CompileOptions;
import io.github.resnetspi.api.spi.Model;

/** Test double: a registered backend whose engine is missing, as a backend without its natives reports. */
public final class BrokenBackend implements BackendProvider {
    public static final String PROBLEM = "simulated: the engine's native library is missing";

    @Override
    public String name() {
        return "test-broken";
    }

    @Override
    public BackendInfo info() {
        return BackendInfo.unavailable(name(), "test-engine", PROBLEM);
    }

    @Override
    public Model compile(Network network, CompileOptions options) {
        throw new BackendUnavailableException(PROBLEM);
    }
}
