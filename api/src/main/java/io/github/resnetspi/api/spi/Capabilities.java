package io.github.resnetspi.api.spi;

import io.github.resnetspi.api.graph.AvgPool2d;
import io.github.resnetspi.api.graph.Conv2d;
import io.github.resnetspi.api.graph.MaxPool2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.Padding;
import java.util.EnumMap;
import java.util.Map;

/** Which {@link Capability capabilities} a network needs, and the check every backend's compile makes. */
public final class Capabilities {
    private Capabilities() {
    }

    /** Each capability the network needs, with the first node that needs it. */
    public static Map<Capability, String> requiredBy(Network network) {
        Map<Capability, String> req = new EnumMap<>(Capability.class);
        for (Node n : network.nodes()) {
            Padding p = paddingOf(n);
            if (!p.isSymmetric()) {
                req.putIfAbsent(Capability.ASYMMETRIC_PADDING, n.name());
            }
            if (n.op() instanceof AvgPool2d a && !a.padding().isZero()) {
                req.putIfAbsent(a.countIncludePad() ? Capability.AVG_POOL_INCLUDE_PAD : Capability.AVG_POOL_EXCLUDE_PAD, n.name());
            }
        }
        return req;
    }

    private static Padding paddingOf(Node n) {
        if (n.op() instanceof Conv2d c) {
            return c.padding();
        } else if (n.op() instanceof MaxPool2d m) {
            return m.padding();
        } else if (n.op() instanceof AvgPool2d a) {
            return a.padding();
        }
        return Padding.NONE;
    }

    /** Throws {@link UnsupportedCapabilityException} if {@code provider} lacks something {@code network} needs. */
    public static void checkSupported(BackendProvider provider, Network network) {
        Map<Capability, String> lacks = provider.unsupported();
        for (Map.Entry<Capability, String> need : requiredBy(network).entrySet()) {
            String reason = lacks.get(need.getKey());
            if (reason != null) {
                throw new UnsupportedCapabilityException(provider.name(), need.getKey(), reason,
                        "node '" + need.getValue() + "' of network '" + network.name() + "'");
            }
        }
    }

    /** Throws if {@code provider} lacks {@code capability}, e.g. {@link Capability#ALL_NODE_OUTPUTS} at a forward call. */
    public static void checkSupported(BackendProvider provider, Capability capability, String where) {
        String reason = provider.unsupported().get(capability);
        if (reason != null) {
            throw new UnsupportedCapabilityException(provider.name(), capability, reason, where);
        }
    }
}
