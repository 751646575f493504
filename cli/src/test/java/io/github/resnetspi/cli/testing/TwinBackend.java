package io.github.resnetspi.cli.testing;

import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.Capability;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.reference.ReferenceProvider;
import java.util.Map;

/**
 * Test double: the float64 reference under another name, so a comparison has two backends that give identical
 * numbers from every seed (a pair that must never be called different).
 */
public final class TwinBackend implements BackendProvider {
    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    public static final String NAME = "test-twin";
    private final ReferenceProvider reference = new ReferenceProvider();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return ReferenceProvider.RANK + 1;
    }

    @Override
    public BackendInfo info() {
        BackendInfo r = reference.info();
        return BackendInfo.available(NAME, r.engine(), r.engineVersion(), r.devices(), r.details());
    }

    @Override
    public Map<Capability, String> unsupported() {
        return reference.unsupported();
    }

    @Override
    public Model compile(Network network, CompileOptions options) {
        return reference.compile(network, options);
    }
}
