package io.github.resnetspi.reference;

import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.StepResult;

/** A model that does what another does: the base of the wrapper mutants, which override one method. */
class ForwardingModel implements Model {
    private final Model inner;

    ForwardingModel(Model inner) {
        this.inner = inner;
    }

    @Override
    public Device device() {
        return inner.device();
    }

    @Override
    public FloatTensor forward(FloatTensor images, Mode mode) {
        return inner.forward(images, mode);
    }

    @Override
    public NamedTensors forwardAll(FloatTensor images, Mode mode) {
        return inner.forwardAll(images, mode);
    }

    @Override
    public StepResult trainStep(FloatTensor images, int[] labels, double learningRate) {
        return inner.trainStep(images, labels, learningRate);
    }

    @Override
    public NamedTensors gradients() {
        return inner.gradients();
    }

    @Override
    public NamedTensors exportState() {
        return inner.exportState();
    }

    @Override
    public void importState(NamedTensors state) {
        inner.importState(state);
    }

    @Override
    public void close() {
        inner.close();
    }
}
