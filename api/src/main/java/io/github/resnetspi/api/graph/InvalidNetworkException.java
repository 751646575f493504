package io.github.resnetspi.api.graph;

import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.ResnetSpiException;

/** A network description that cannot be built; the message names the offending node. */
public final class InvalidNetworkException extends ResnetSpiException {
    private static final long serialVersionUID = 1L;
    /** The node at which the problem was found. */
    private final String node;

    /**
     * @param node    the node at which the problem was found
     * @param problem what is wrong
     */
    public InvalidNetworkException(String node, String problem) {
        super("node '" + node + "': " + problem, ErrorAnchor.INVALID_NETWORK);
        this.node = node;
    }

    /** @return the name of the node the problem was found at */
    public String node() {
        return node;
    }
}
