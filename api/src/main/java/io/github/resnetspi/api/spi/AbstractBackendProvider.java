package io.github.resnetspi.api.spi;

import io.github.resnetspi.api.Capabilities;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import java.util.List;
import java.util.Objects;

/**
 * The compile preamble every provider shares: arguments checked, the network's needs checked against
 * {@link #unsupported()}, the requested device resolved against the devices the engine sees. A subclass builds the
 * model for an already resolved device.
 */
public abstract class AbstractBackendProvider implements BackendProvider {
    /**
     * @throws io.github.resnetspi.api.UnsupportedCapabilityException if the network needs a capability this backend lacks
     * @throws io.github.resnetspi.api.BackendUnavailableException if the engine or the requested device cannot be used
     */
    @Override
    public final Model compile(Network network, CompileOptions options) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(options, "options");
        Capabilities.checkSupported(this, network);
        Device device = options.device().resolve(name(), devices(), gpuHint());
        return compileOn(network, options, device);
    }

    /**
     * The devices the engine sees; may load the engine (and throw
     * {@link io.github.resnetspi.api.BackendUnavailableException} when it cannot load).
     *
     * @return the devices, {@link Device#CPU} first
     */
    protected abstract List<Device> devices();

    /** @return what a user who asked for a GPU this backend cannot give should do (one or two sentences) */
    protected abstract String gpuHint();

    /**
     * Builds the model on a device {@link #devices()} listed.
     *
     * @param network the network, whose needs this backend supports
     * @param options the compile options
     * @param device  the resolved device
     * @return a model holding the initial state
     */
    protected abstract Model compileOn(Network network, CompileOptions options, Device device);
}
