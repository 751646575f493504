package io.github.resnetspi.cli.testing;

import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.BackendUnavailableException;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.spi.BackendProvider;

/** Test double: a registered backend whose engine is missing, as a backend without its natives reports. */
public final class BrokenBackend implements BackendProvider {
    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

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
