package io.github.resnetspi.api.spi;

import io.github.resnetspi.api.graph.Network;
import java.util.Map;

/**
 * The service a backend module registers for {@link java.util.ServiceLoader} (with {@code @AutoService}).
 * Instantiating a provider must be cheap and must not load native code: engines load on the first call to
 * {@link #info()} or {@link #compile}, so that one broken engine cannot stop discovery of the others.
 */
public interface BackendProvider {

    /** Stable lower-case name users select the backend by, e.g. {@code djl-pytorch}. */
    String name();

    /**
     * Engine name and version, availability and the devices the engine sees. Loads the engine if needed; never
     * throws: a failure to load is reported as unavailable with the reason and what to do.
     */
    BackendInfo info();

    /** Capabilities this backend lacks, each with the reason a user would read. Empty when it has them all. */
    default Map<Capability, String> unsupported() {
        return Map.of();
    }

    /**
     * Compiles {@code network} for the requested device, with initial state
     * {@link StateLayout#initialState(long) StateLayout.of(network, sgd).initialState(seed)}.
     *
     * @throws UnsupportedCapabilityException if the network needs a capability this backend lacks
     * @throws BackendUnavailableException if the engine or the requested device cannot be used
     */
    Model compile(Network network, CompileOptions options);
}
