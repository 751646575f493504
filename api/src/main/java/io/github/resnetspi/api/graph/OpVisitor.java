package io.github.resnetspi.api.graph;

/**
 * One method per {@link Op}: what a backend (or any other consumer of a {@link Network}) does for each kind of node.
 * Dispatch through {@link Node#accept(OpVisitor)} instead of {@code instanceof} chains, so that adding an op to the
 * API breaks the build of every implementation that does not handle it yet, rather than failing at run time.
 *
 * @param <R> what each visit returns (an engine tensor, an expected value, a tolerance, ...)
 */
public interface OpVisitor<R> {

    /**
     * Visits a convolution node.
     *
     * @param node the node, for its name, input and parameter names
     * @param op   the node's op
     * @return the visitor's result for this node
     */
    R conv(Node node, Conv2d op);

    /**
     * Visits a batch-norm node.
     *
     * @param node the node
     * @param op   the node's op
     * @return the visitor's result for this node
     */
    R batchNorm(Node node, BatchNorm2d op);

    /**
     * Visits a ReLU node.
     *
     * @param node the node
     * @param op   the node's op
     * @return the visitor's result for this node
     */
    R relu(Node node, Relu op);

    /**
     * Visits a residual add node (two inputs).
     *
     * @param node the node
     * @param op   the node's op
     * @return the visitor's result for this node
     */
    R add(Node node, Add op);

    /**
     * Visits a max-pooling node.
     *
     * @param node the node
     * @param op   the node's op
     * @return the visitor's result for this node
     */
    R maxPool(Node node, MaxPool2d op);

    /**
     * Visits an average-pooling node.
     *
     * @param node the node
     * @param op   the node's op
     * @return the visitor's result for this node
     */
    R avgPool(Node node, AvgPool2d op);

    /**
     * Visits a global-average-pooling node.
     *
     * @param node the node
     * @param op   the node's op
     * @return the visitor's result for this node
     */
    R globalAvgPool(Node node, GlobalAvgPool op);

    /**
     * Visits a flatten node.
     *
     * @param node the node
     * @param op   the node's op
     * @return the visitor's result for this node
     */
    R flatten(Node node, Flatten op);

    /**
     * Visits a dense (fully connected) node.
     *
     * @param node the node
     * @param op   the node's op
     * @return the visitor's result for this node
     */
    R dense(Node node, Dense op);
}
