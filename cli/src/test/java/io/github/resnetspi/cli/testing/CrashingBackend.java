package io.github.resnetspi.cli.testing;

import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.spi.BackendProvider;
import java.util.List;

/** Test double: a backend whose process dies abruptly at compile time, as a native crash would end it. */
public final class CrashingBackend implements BackendProvider {
    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public String name() {
        return "test-crash";
    }

    @Override
    public BackendInfo info() {
        return BackendInfo.available(name(), "test-engine", "0", List.of(Device.CPU));
    }

    @Override
    public Model compile(Network network, CompileOptions options) {
        System.err.println("simulated native crash");
        Runtime.getRuntime().halt(134);
        throw new AssertionError("unreachable");
    }
}
