package io.github.resnetspi.api.spi;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.StepResult;

/**
 * The checks every {@link Model} makes, written once: input validation, state validation, the closed state and
 * "no gradients before the first step". Backends implement the {@code do*} methods, which only ever see valid input.
 */
public abstract class AbstractModel implements Model {
    protected final BackendProvider provider;
    protected final Network network;
    protected final CompileOptions options;
    protected final StateLayout layout;
    private final Device device;
    private boolean closed;
    private boolean stepped;

    protected AbstractModel(BackendProvider provider, Network network, CompileOptions options, Device device) {
        this.provider = provider;
        this.network = network;
        this.options = options;
        this.layout = StateLayout.of(network, options.sgd());
        this.device = device;
    }

    @Override
    public final Device device() {
        return device;
    }

    public final Network network() {
        return network;
    }

    @Override
    public final NamedTensors forward(FloatTensor images, Mode mode, boolean everyNode) {
        ensureOpen();
        InputChecks.images(network, images, mode);
        if (everyNode) {
            Capabilities.checkSupported(provider, Capability.ALL_NODE_OUTPUTS, "forward with every node's output");
        }
        return doForward(images, mode, everyNode);
    }

    @Override
    public final StepResult trainStep(FloatTensor images, int[] labels, double learningRate) {
        ensureOpen();
        InputChecks.images(network, images, Mode.TRAIN);
        InputChecks.labels(network, images, labels);
        InputChecks.learningRate(learningRate);
        StepResult r = doTrainStep(images, labels, learningRate);
        stepped = true;
        return r;
    }

    @Override
    public final NamedTensors gradients() {
        ensureOpen();
        if (!stepped) {
            throw new IllegalStateException("no gradients: call trainStep first (gradients are discarded by importState)");
        }
        return doGradients();
    }

    @Override
    public final NamedTensors exportState() {
        ensureOpen();
        return doExportState();
    }

    @Override
    public final void importState(NamedTensors state) {
        ensureOpen();
        layout.validate(state);
        doImportState(state);
        // The last step's gradients belong to the parameters it saw, not to the imported ones.
        stepped = false;
    }

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            doClose();
        }
    }

    protected final boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("model '" + network.name() + "' on backend '" + provider.name() + "' is closed");
        }
    }

    protected abstract NamedTensors doForward(FloatTensor images, Mode mode, boolean everyNode);

    protected abstract StepResult doTrainStep(FloatTensor images, int[] labels, double learningRate);

    protected abstract NamedTensors doGradients();

    protected abstract NamedTensors doExportState();

    /** Called with a validated subset of the layout's entries. */
    protected abstract void doImportState(NamedTensors state);

    protected abstract void doClose();
}
