package io.github.resnetspi.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.StateLayout;
import io.github.resnetspi.api.StepObserver;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.spi.AbstractModel;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.StepResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network compiled on a DJL engine. Parameters, running statistics and momentum buffers live in one
 * {@link NDManager} for the model's lifetime and are updated in place; every call runs inside an {@link NDScope}
 * that closes all arrays it created (activations, autograd graph, gradient handles), so native memory does not
 * grow from step to step.
 */
final class DjlModel extends AbstractModel {
    private final Engine engine;
    private final EngineAdapter adapter;
    private final NDManager manager;
    /** Parameters and running statistics by state name (the map {@link DjlOps} reads). */
    private final Map<String, NDArray> tensors = new HashMap<>();
    /** Momentum buffers by parameter name; empty without momentum. */
    private final Map<String, NDArray> buffers = new HashMap<>();
    private final List<ParameterSpec> trainable;
    private final SgdUpdate sgd;
    /** What the last step's loss was multiplied by before backpropagation ({@link SgdUpdate#lossScale}). */
    private double gradientScale = 1;

    DjlModel(DjlProvider provider, Network network, CompileOptions options, Device device, Engine engine,
             EngineAdapter adapter) {
        super(provider, network, options, device);
        this.engine = engine;
        this.adapter = adapter;
        this.manager = engine.newBaseManager(device.isGpu() ? ai.djl.Device.gpu(device.index()) : ai.djl.Device.cpu());
        this.trainable = network.trainableParameters();
        this.sgd = new SgdUpdate(options.momentum(), options.weightDecay(), adapter.momentumKernel());
        try {
            install(layout.initialState(options.seed()));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    protected NamedTensors doForward(FloatTensor images, Mode mode, boolean everyNode) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = adapter.toEngineLayout(NdTensors.toNd(manager, images));
            Map<String, NDArray> out;
            if (mode == Mode.TRAIN) {
                try (EngineAdapter.TrainMode t = adapter.trainModeOutsideCollector()) {
                    out = DjlOps.run(network, adapter, x, tensors, true, everyNode);
                }
            } else {
                out = DjlOps.run(network, adapter, x, tensors, false, everyNode);
            }
            Map<String, FloatTensor> result = new LinkedHashMap<>();
            out.forEach((name, a) -> result.put(name, NdTensors.toTensor(a)));
            return NamedTensors.of(result);
        }
    }

    @Override
    protected StepResult doTrainStep(FloatTensor images, int[] labels, double learningRate) {
        StepObserver observer = options.stepObserver().observing() ? options.stepObserver() : null;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = adapter.toEngineLayout(NdTensors.toNd(manager, images));
            NDArray oneHot = DjlOps.oneHot(manager, labels, network.classes());
            List<NDArray> weights = trainableArrays();
            adapter.clearGradients(weights);
            phaseEnded(observer, StepObserver.Phase.INPUT);
            NDArray logits;
            NDArray loss;
            try (GradientCollector collector = engine.newGradientCollector()) {
                logits = DjlOps.run(network, adapter, x, tensors, true, false).get(network.output());
                phaseEnded(observer, StepObserver.Phase.FORWARD);
                loss = DjlOps.softmaxCrossEntropy(logits, oneHot);
                phaseEnded(observer, StepObserver.Phase.LOSS);
                gradientScale = sgd.lossScale(learningRate);
                collector.backward(gradientScale == 1 ? loss : loss.mul((float) gradientScale));
            }
            phaseEnded(observer, StepObserver.Phase.BACKWARD);
            StepResult result = new StepResult(loss.getFloat(), NdTensors.toTensor(logits));
            phaseEnded(observer, StepObserver.Phase.OUTPUT);
            for (int i = 0; i < weights.size(); i++) {
                NDArray w = weights.get(i);
                sgd.apply(w, w.getGradient(), buffers.get(trainable.get(i).name()), learningRate);
            }
            phaseEnded(observer, StepObserver.Phase.UPDATE);
            return result;
        }
    }

    /** Tells an observer of this step that a phase ended, once the engine finished it; nothing when unobserved. */
    private void phaseEnded(StepObserver observer, StepObserver.Phase phase) {
        if (observer != null) {
            adapter.synchronize();
            observer.phaseEnded(phase);
        }
    }

    @Override
    protected NamedTensors doGradients() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Map<String, FloatTensor> out = new LinkedHashMap<>();
            for (ParameterSpec p : trainable) {
                NDArray g = tensors.get(p.name()).getGradient();
                out.put(p.name(), NdTensors.toTensor(gradientScale == 1 ? g : g.div((float) gradientScale)));
            }
            return NamedTensors.of(out);
        }
    }

    @Override
    protected NamedTensors doExportState() {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (String name : layout.entries().keySet()) {
            out.put(name, NdTensors.toTensor(lookup(name)));
        }
        return NamedTensors.of(out);
    }

    @Override
    protected void doImportState(NamedTensors state) {
        install(state);
    }

    @Override
    protected void doClose() {
        tensors.clear();
        buffers.clear();
        manager.close();
    }

    /**
     * Replaces the named arrays with fresh ones holding {@code state}: all new arrays are created first, so a failure
     * changes nothing; trainable ones get a gradient slot.
     */
    private void install(NamedTensors state) {
        Map<String, NDArray> fresh = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, FloatTensor> e : state.asMap().entrySet()) {
                NDArray a = NdTensors.toNd(manager, e.getValue());
                fresh.put(e.getKey(), a);
            }
        } catch (RuntimeException e) {
            fresh.values().forEach(NDArray::close);
            throw e;
        }
        for (ParameterSpec p : trainable) {
            NDArray a = fresh.get(p.name());
            if (a != null) {
                a.setRequiresGradient(true);
            }
        }
        fresh.forEach((name, a) -> {
            boolean buffer = StateLayout.isMomentumBuffer(name);
            Map<String, NDArray> target = buffer ? buffers : tensors;
            String key = buffer ? StateLayout.parameterOf(name) : name;
            NDArray old = target.put(key, a);
            if (old != null) {
                old.close();
            }
        });
    }

    private NDArray lookup(String name) {
        return StateLayout.isMomentumBuffer(name) ? buffers.get(StateLayout.parameterOf(name)) : tensors.get(name);
    }

    private List<NDArray> trainableArrays() {
        List<NDArray> out = new ArrayList<>(trainable.size());
        for (ParameterSpec p : trainable) {
            out.add(tensors.get(p.name()));
        }
        return out;
    }
}
