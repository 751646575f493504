package io.github.resnetspi.cli.testing;

import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.Capability;
import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.reference.ReferenceProvider;
import java.util.Map;

/**
 * Test doubles' common part: the float64 reference under another name and rank, with the reference's engine,
 * devices and capabilities; a subclass decides what its models compute.
 */
abstract class ReferenceUnderAnotherName implements BackendProvider {
    /** The reference every model starts from. */
    protected final ReferenceProvider reference = new ReferenceProvider();
    private final String name;
    private final int rank;

    ReferenceUnderAnotherName(String name, int rank) {
        this.name = name;
        this.rank = rank;
    }

    @Override
    public final int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int rank() {
        return rank;
    }

    @Override
    public final BackendInfo info() {
        BackendInfo r = reference.info();
        return BackendInfo.available(name, r.engine(), r.engineVersion(), r.devices(), r.details());
    }

    @Override
    public final Map<Capability, String> unsupported() {
        return reference.unsupported();
    }
}
