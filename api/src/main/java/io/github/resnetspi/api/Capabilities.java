package io.github.resnetspi.api;

import io.github.resnetspi.api.graph.AvgPool2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.Window;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Which {@link Capability capabilities} a network needs, and the check every backend's compile makes. */
public final class Capabilities {
    private Capabilities() {
    }

    /**
     * @param network a network
     * @return each capability the network needs, with the first node that needs it
     */
    public static Map<Capability, String> requiredBy(Network network) {
        Map<Capability, String> req = new EnumMap<>(Capability.class);
        for (Node n : network.nodes()) {
            Optional<Window> w = Window.of(n);
            if (w.isPresent() && !w.get().padding().isSymmetric()) {
                req.putIfAbsent(Capability.ASYMMETRIC_PADDING, n.name());
            }
        }
        for (Node n : network.nodesOf(AvgPool2d.class)) {
            AvgPool2d a = (AvgPool2d) n.op();
            if (!a.padding().isZero()) {
                req.putIfAbsent(a.countIncludePad() ? Capability.AVG_POOL_INCLUDE_PAD : Capability.AVG_POOL_EXCLUDE_PAD, n.name());
            }
        }
        return req;
    }

    /**
     * @param provider a backend
     * @param network  the network it is asked to compile
     * @throws UnsupportedCapabilityException if {@code provider} lacks something {@code network} needs
     */
    public static void checkSupported(Backend provider, Network network) {
        Map<Capability, String> lacks = provider.unsupported();
        for (Map.Entry<Capability, String> need : requiredBy(network).entrySet()) {
            String reason = lacks.get(need.getKey());
            if (reason != null) {
                throw new UnsupportedCapabilityException(provider.name(), need.getKey(), reason,
                        "node '" + need.getValue() + "' of network '" + network.name() + "'");
            }
        }
    }

    /**
     * @param provider   a backend
     * @param capability what a call needs, e.g. {@link Capability#ALL_NODE_OUTPUTS}
     * @param where      the call, for the message
     * @throws UnsupportedCapabilityException if {@code provider} lacks {@code capability}
     */
    public static void checkSupported(Backend provider, Capability capability, String where) {
        String reason = provider.unsupported().get(capability);
        if (reason != null) {
            throw new UnsupportedCapabilityException(provider.name(), capability, reason, where);
        }
    }
}
