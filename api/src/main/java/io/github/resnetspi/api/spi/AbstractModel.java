package io.github.resnetspi.api.spi;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.Capabilities;
import io.github.resnetspi.api.Capability;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.DeviceRequest;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.StateLayout;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.StepResult;

/**
 * The checks every {@link Model} makes, written once: input validation, state validation, the closed state and
 * "no gradients before the first step". A backend extends this class and implements the {@code do*} methods, which
 * only ever see valid input on an open model.
 */
public abstract class AbstractModel implements Model {
    /** The backend that compiled this model (for messages and capability checks). */
    protected final Backend provider;
    /** The network this model runs. */
    protected final Network network;
    /** The options it was compiled with. */
    protected final CompileOptions options;
    /** The names and shapes of its state ({@link #exportState()}). */
    protected final StateLayout layout;
    private final Device device;
    private boolean closed;
    private boolean stepped;

    /**
     * @param provider the backend compiling the model
     * @param network  the network
     * @param options  the compile options
     * @param device   the device it was resolved to ({@link DeviceRequest#resolve})
     */
    protected AbstractModel(Backend provider, Network network, CompileOptions options, Device device) {
        this.provider = provider;
        this.network = network;
        this.options = options;
        this.layout = StateLayout.of(network, options);
        this.device = device;
    }

    @Override
    public final Device device() {
        return device;
    }

    /** @return the network this model runs */
    public final Network network() {
        return network;
    }

    @Override
    public final FloatTensor forward(FloatTensor images, Mode mode) {
        ensureOpen();
        checkTrainMode(mode);
        InputChecks.images(network, images, mode);
        return doForward(images, mode, false).get(network.output());
    }

    @Override
    public final NamedTensors forwardAll(FloatTensor images, Mode mode) {
        ensureOpen();
        checkTrainMode(mode);
        InputChecks.images(network, images, mode);
        Capabilities.checkSupported(provider, Capability.ALL_NODE_OUTPUTS, "forward with every node's output");
        return doForward(images, mode, true);
    }

    @Override
    public final StepResult trainStep(FloatTensor images, int[] labels, double learningRate) {
        ensureOpen();
        Capabilities.checkSupported(provider, Capability.TRAINING, "trainStep");
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
        Capabilities.checkSupported(provider, Capability.TRAINING, "gradients()");
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

    /** @return whether {@link #close()} was called */
    protected final boolean isClosed() {
        return closed;
    }

    /** Refuses a train-mode forward when the backend lacks {@link Capability#TRAINING}. */
    private void checkTrainMode(Mode mode) {
        if (mode == Mode.TRAIN) {
            Capabilities.checkSupported(provider, Capability.TRAINING, "a TRAIN-mode forward");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("model '" + network.name() + "' on backend '" + provider.name() + "' is closed");
        }
    }

    /**
     * Runs the network on valid images.
     *
     * @param images    (N, C, H, W) images of the network's input shape, N ≥ 2 in train mode
     * @param mode      train mode (batch statistics, running statistics updated) or eval mode
     * @param everyNode whether to return every node's output (only called so when the backend supports
     *                  {@link Capability#ALL_NODE_OUTPUTS}) or only the output node's
     * @return node outputs under their node names, in node order: all of them, or the output node's alone
     */
    protected abstract NamedTensors doForward(FloatTensor images, Mode mode, boolean everyNode);

    /**
     * One SGD step on valid input; see {@link Model#trainStep}.
     *
     * @param images       valid images, N ≥ 2
     * @param labels       valid labels
     * @param learningRate positive, finite learning rate
     * @return the loss and logits before the update
     */
    protected abstract StepResult doTrainStep(FloatTensor images, int[] labels, double learningRate);

    /** @return the last step's raw gradients (only called after a step) */
    protected abstract NamedTensors doGradients();

    /** @return every entry of {@link #layout}, in layout order */
    protected abstract NamedTensors doExportState();

    /**
     * Overwrites the given entries, all or nothing.
     *
     * @param state a validated subset of the layout's entries
     */
    protected abstract void doImportState(NamedTensors state);

    /** Releases the engine's memory; called once. */
    protected abstract void doClose();
}
