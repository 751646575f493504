package io.github.resnetspi.reference;

import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.StateLayout;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.spi.AbstractModel;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.StepResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A network held in float64: parameters, BN running statistics and momentum buffers as {@code double[]}; float32
 * only at the SPI boundary. Training follows the API exactly: forward in train mode (updating the running
 * statistics), mean softmax cross-entropy, backward, then PyTorch's SGD ({@link #update}).
 */
class ReferenceModel extends AbstractModel {
    /** The kernels every pass runs ({@link ReferenceOps}). */
    private final Kernels kernels;
    /** Parameters and running statistics, in layout order. */
    private final Map<String, double[]> state = new LinkedHashMap<>();
    /** Momentum buffers by parameter name; empty without momentum. */
    private final Map<String, double[]> momentum = new LinkedHashMap<>();
    private Map<String, double[]> lastGradients = Map.of();
    /** Another engine's decisions that train-mode passes follow, or null ({@link ReferenceProvider#compileFollowing}). */
    private Decisions following;

    ReferenceModel(ReferenceProvider provider, Network network, CompileOptions options, Device device, Kernels kernels) {
        super(provider, network, options, device);
        this.kernels = kernels;
        NamedTensors initial = layout.initialState(options.seed());
        for (ParameterSpec p : network.parameters()) {
            state.put(p.name(), toDouble(initial.get(p.name())));
        }
        for (ParameterSpec p : layout.momentumParameters()) {
            momentum.put(p.name(), new double[Math.toIntExact(p.shape().size())]);
        }
    }

    /** Makes every later train-mode pass take {@code decisions} (null: the reference's own). */
    final void follow(Decisions decisions) {
        this.following = decisions;
    }

    @Override
    protected NamedTensors doForward(FloatTensor images, Mode mode, boolean everyNode) {
        ReferenceOps.Pass pass = ReferenceOps.forward(network, kernels, toActivation(images), mode, state, following);
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
        ReferenceOps.Pass pass = ReferenceOps.forward(network, kernels, toActivation(images), Mode.TRAIN, state, following);
        double[] logits = pass.outputs.get(network.output()).v();
        double[] dLogits = new double[logits.length];
        double loss = ReferenceOps.loss(pass, labels, dLogits);
        Map<String, double[]> grads = ReferenceOps.backward(pass, state, dLogits);
        grads.remove(Network.INPUT);
        lastGradients = grads;
        for (ParameterSpec p : network.trainableParameters()) {
            update(p, state.get(p.name()), grads.get(p.name()), momentum.get(p.name()), learningRate);
        }
        return new StepResult(loss, toFloat(Shape.of(batch, classes), logits));
    }

    /**
     * One SGD step on one trainable tensor, in place, with this model's momentum and weight decay
     * ({@link #sgdStep}).
     *
     * @param p  the parameter
     * @param w  its values, updated
     * @param g  the gradient of the mean loss, which {@link #gradients()} reports afterwards
     * @param v  its momentum buffer, updated; null without momentum
     * @param lr the learning rate of this step
     */
    protected void update(ParameterSpec p, double[] w, double[] g, double[] v, double lr) {
        sgdStep(w, g, v, lr, options.momentum(), options.weightDecay());
    }

    /**
     * PyTorch's SGD, in place: {@code g' = g + wd·w; v = μ·v + g'; w −= lr·v} (or {@code w −= lr·g'} without momentum,
     * {@code v} null).
     */
    static void sgdStep(double[] w, double[] g, double[] v, double lr, double mu, double wd) {
        for (int i = 0; i < w.length; i++) {
            double step = g[i] + wd * w[i];
            if (v != null) {
                v[i] = mu * v[i] + step;
                step = v[i];
            }
            w[i] -= lr * step;
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
