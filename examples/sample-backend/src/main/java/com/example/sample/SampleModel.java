package com.example.sample;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.spi.AbstractModel;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.StepResult;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compiled network of the {@code sample} backend. {@link AbstractModel} makes every check of the SPI (input shapes,
 * labels, learning rate, state names and shapes, the closed state, gradients before the first step), so the
 * {@code do*} methods only ever see valid input on an open model; here they hand it to the reference's model.
 */
// tag::model[]
final class SampleModel extends AbstractModel {
    private static final Logger LOG = LoggerFactory.getLogger(SampleModel.class);
    private final Model engine;
    private final List<String> plan;

    SampleModel(Backend provider, Network network, CompileOptions options, Device device, Model engine) {
        super(provider, network, options, device);
        this.engine = engine;
        this.plan = Plan.of(network);
        LOG.debug("compiled {} for {}: {}", network.name(), device, plan);
    }

    /** @return one line per node: what this backend runs for it */
    List<String> plan() {
        return plan;
    }

    @Override
    protected NamedTensors doForward(FloatTensor images, Mode mode, boolean everyNode) {
        return everyNode ? engine.forwardAll(images, mode)
                : NamedTensors.of(Map.of(network.output(), engine.forward(images, mode)));
    }

    @Override
    protected StepResult doTrainStep(FloatTensor images, int[] labels, double learningRate) {
        return engine.trainStep(images, labels, learningRate);
    }

    @Override
    protected NamedTensors doGradients() {
        return engine.gradients();
    }

    @Override
    protected NamedTensors doExportState() {
        return engine.exportState();
    }

    @Override
    protected void doImportState(NamedTensors state) {
        engine.importState(state);
    }

    @Override
    protected void doClose() {
        engine.close();
    }
}
// end::model[]
