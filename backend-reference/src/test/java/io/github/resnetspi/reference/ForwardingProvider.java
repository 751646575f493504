package io.github.resnetspi.reference;

import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.Capability;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.spi.BackendProvider;
import java.util.Map;

/** A provider that does what another does: the base of the wrapper mutants and test doubles, which override one method. */
class ForwardingProvider implements BackendProvider {
    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    private final BackendProvider inner;

    ForwardingProvider(BackendProvider inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public int rank() {
        return inner.rank();
    }

    @Override
    public String artifact() {
        return inner.artifact();
    }

    @Override
    public BackendInfo info() {
        return inner.info();
    }

    @Override
    public Map<Capability, String> unsupported() {
        return inner.unsupported();
    }

    @Override
    public Model compile(Network network, CompileOptions options) {
        return inner.compile(network, options);
    }
}
