package io.github.resnetspi.reference;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.spi.AbstractModel;
import io.github.resnetspi.api.spi.CompileOptions;
import io.github.resnetspi.api.spi.Device;
import io.github.resnetspi.api.spi.StateLayout;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.StepResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A network held in float64: parameters, BN running statistics and momentum buffers as {@code double[]}; float32
 * only at the SPI boundary. Training follows the API exactly: forward in train mode (updating the running
 * statistics), mean softmax cross-entropy, backward, then PyTorch's SGD.
 */
final class ReferenceModel extends AbstractModel {
    private final ReferenceNet net;
    private final Semantics semantics;
    /** Parameters and running statistics, in layout order. */
    private final Map<String, double[]> state = new LinkedHashMap<>();
    /** Momentum buffers by parameter name; empty without momentum. */
    private final Map<String, double[]> momentum = new LinkedHashMap<>();
    private Map<String, double[]> lastGradients = Map.of();

    ReferenceModel(ReferenceProvider provider, Network network, CompileOptions options, Device device, Semantics semantics) {
        super(provider, network, options, device);
        this.semantics = semantics;
        this.net = new ReferenceNet(network, semantics);
        NamedTensors initial = layout.initialState(options.seed());
        for (ParameterSpec p : network.parameters()) {
            state.put(p.name(), toDouble(initial.get(p.name())));
        }
        for (ParameterSpec p : layout.momentumParameters()) {
            momentum.put(p.name(), new double[Math.toIntExact(p.shape().size())]);
        }
    }

    @Override
    protected NamedTensors doForward(FloatTensor images, Mode mode, boolean everyNode) {
        ReferenceNet.Pass pass = net.forward(toActivation(images), mode, state);
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        int batch = images.shape().dim(0);
        if (everyNode) {
            network.shapes(batch).forEach((name, shape) -> {
                if (!Network.INPUT.equals(name)) {
                    out.put(name, toFloat(shape, pass.outputs.get(name).v()));
                }
            });
        } else {
            out.put(network.output(), toFloat(network.outputShape().withBatch(batch), pass.outputs.get(network.output()).v()));
        }
        return NamedTensors.of(out);
    }

    @Override
    protected StepResult doTrainStep(FloatTensor images, int[] labels, double learningRate) {
        int batch = images.shape().dim(0);
        int classes = network.classes();
        ReferenceNet.Pass pass = net.forward(toActivation(images), Mode.TRAIN, state);
        double[] logits = pass.outputs.get(network.output()).v();
        double[] dLogits = new double[logits.length];
        double loss = Kernels.softmaxCrossEntropy(logits, batch, classes, labels, dLogits);
        Map<String, double[]> grads = net.backward(pass, state, dLogits);
        grads.remove(Network.INPUT);
        lastGradients = grads;
        update(grads, learningRate);
        return new StepResult(loss, toFloat(Shape.of(batch, classes), logits));
    }

    /** PyTorch's SGD: {@code g' = g + wd·w; v = μ·v + g'; w −= lr·v} (or {@code w −= lr·g'} without momentum). */
    private void update(Map<String, double[]> grads, double lr) {
        double mu = options.momentum();
        double wd = options.weightDecay();
        for (Map.Entry<String, double[]> e : grads.entrySet()) {
            double[] w = state.get(e.getKey());
            double[] g = e.getValue();
            double[] v = momentum.get(e.getKey());
            for (int i = 0; i < w.length; i++) {
                double step = g[i] + wd * w[i];
                if (v != null) {
                    v[i] = semantics.dampenedMomentum() ? mu * v[i] + (1 - mu) * step : mu * v[i] + step;
                    step = v[i];
                }
                w[i] -= lr * step;
            }
            semantics.round(w);
            if (v != null) {
                semantics.round(v);
            }
        }
    }

    @Override
    protected NamedTensors doGradients() {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (ParameterSpec p : network.trainableParameters()) {
            out.put(p.name(), toFloat(p.shape(), lastGradients.get(p.name())));
        }
        return NamedTensors.of(out);
    }

    @Override
    protected NamedTensors doExportState() {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : layout.entries().entrySet()) {
            String name = e.getKey();
            double[] v = StateLayout.isMomentumBuffer(name) ? momentum.get(StateLayout.parameterOf(name)) : state.get(name);
            out.put(name, toFloat(e.getValue(), v));
        }
        return NamedTensors.of(out);
    }

    @Override
    protected void doImportState(NamedTensors imported) {
        imported.asMap().forEach((name, t) -> {
            double[] v = toDouble(t);
            if (StateLayout.isMomentumBuffer(name)) {
                momentum.put(StateLayout.parameterOf(name), v);
            } else {
                state.put(name, v);
            }
        });
    }

    @Override
    protected void doClose() {
        state.clear();
        momentum.clear();
        lastGradients = Map.of();
    }

    private static Activation toActivation(FloatTensor images) {
        int[] d = images.shape().dims();
        return new Activation(toDouble(images), d[0], d[1], d[2], d[3]);
    }

    static double[] toDouble(FloatTensor t) {
        double[] out = new double[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.get(i);
        }
        return out;
    }

    static FloatTensor toFloat(Shape shape, double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return FloatTensor.wrap(shape, out);
    }
}
