package io.github.resnetspi.training.testing;

import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.Capabilities;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.StateLayout;
import io.github.resnetspi.api.graph.Dense;
import io.github.resnetspi.api.graph.Flatten;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.spi.AbstractModel;
import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.StepResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test double: a tiny pure-Java backend that runs exactly one kind of network, {@code flatten → dense}
 * (softmax regression), with the SPI's loss and SGD semantics (momentum, weight decay). Deterministic, so the
 * training loop, checkpoints and resume can be tested without an engine. Build its network with {@link #network}.
 */
public final class LinearBackend implements BackendProvider {
    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    public static final String NAME = "test-linear";

    /** {@code flatten → fc} for (C, H, W) inputs and {@code classes} outputs. */
    public static Network network(int c, int h, int w, int classes) {
        var b = Network.builder("linear", c, h, w);
        return b.build(b.dense("fc", b.flatten("flatten", Network.INPUT), classes, true));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public BackendInfo info() {
        return BackendInfo.available(NAME, "java-test-double", "1", List.of(Device.CPU));
    }

    @Override
    public Model compile(Network network, CompileOptions options) {
        Capabilities.checkSupported(this, network);
        List<Node> nodes = network.nodes();
        if (nodes.size() != 2 || !(nodes.get(0).op() instanceof Flatten) || !(nodes.get(1).op() instanceof Dense d) || !d.bias()) {
            throw new IllegalArgumentException(NAME + " runs only flatten -> dense(bias) networks");
        }
        return new LinearModel(this, network, options);
    }

    private static final class LinearModel extends AbstractModel {
        private final int in;
        private final int out;
        private final Map<String, float[]> state = new LinkedHashMap<>();
        private float[] gradW;
        private float[] gradB;

        LinearModel(BackendProvider p, Network net, CompileOptions o) {
            super(p, net, o, Device.CPU);
            this.in = Math.toIntExact(net.inputShape().size());
            this.out = net.classes();
            StateLayout.of(net, o).initialState(o.seed()).asMap().forEach((k, v) -> state.put(k, v.data()));
        }

        private float[] logits(FloatTensor images) {
            int n = images.shape().dim(0);
            float[] x = images.data();
            float[] w = state.get("fc.weight");
            float[] b = state.get("fc.bias");
            float[] z = new float[n * out];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < out; k++) {
                    float s = b[k];
                    for (int j = 0; j < in; j++) {
                        s += x[i * in + j] * w[k * in + j];
                    }
                    z[i * out + k] = s;
                }
            }
            return z;
        }

        @Override
        protected NamedTensors doForward(FloatTensor images, Mode mode, boolean everyNode) {
            int n = images.shape().dim(0);
            FloatTensor z = FloatTensor.wrap(Shape.of(n, out), logits(images));
            return NamedTensors.of(everyNode ? Map.of("flatten", images.reshape(Shape.of(n, in)), "fc", z) : Map.of("fc", z));
        }

        @Override
        protected StepResult doTrainStep(FloatTensor images, int[] labels, double lr) {
            int n = labels.length;
            float[] x = images.data();
            float[] z = logits(images);
            double loss = 0;
            float[] dz = new float[n * out];
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < out; k++) {
                    max = Math.max(max, z[i * out + k]);
                }
                double sum = 0;
                for (int k = 0; k < out; k++) {
                    sum += Math.exp(z[i * out + k] - max);
                }
                for (int k = 0; k < out; k++) {
                    double p = Math.exp(z[i * out + k] - max) / sum;
                    dz[i * out + k] = (float) ((p - (k == labels[i] ? 1 : 0)) / n);
                }
                loss += -(z[i * out + labels[i]] - max - Math.log(sum));
            }
            gradW = new float[out * in];
            gradB = new float[out];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < out; k++) {
                    float g = dz[i * out + k];
                    gradB[k] += g;
                    for (int j = 0; j < in; j++) {
                        gradW[k * in + j] += g * x[i * in + j];
                    }
                }
            }
            update("fc.weight", gradW, lr);
            update("fc.bias", gradB, lr);
            return new StepResult(loss / n, FloatTensor.wrap(Shape.of(n, out), z));
        }

        private void update(String name, float[] g, double lr) {
            float[] w = state.get(name);
            float[] v = state.get(StateLayout.momentumName(name));
            double mu = options.momentum();
            double wd = options.weightDecay();
            for (int i = 0; i < w.length; i++) {
                float gi = (float) (g[i] + wd * w[i]);
                if (v != null) {
                    v[i] = (float) (mu * v[i] + gi);
                    gi = v[i];
                }
                w[i] = (float) (w[i] - lr * gi);
            }
        }

        @Override
        protected NamedTensors doGradients() {
            return NamedTensors.of(Map.of("fc.weight", FloatTensor.of(Shape.of(out, in), gradW), "fc.bias",
                    FloatTensor.of(Shape.of(out), gradB)));
        }

        @Override
        protected NamedTensors doExportState() {
            Map<String, FloatTensor> m = new LinkedHashMap<>();
            layout.entries().forEach((k, s) -> m.put(k, FloatTensor.of(s, state.get(k))));
            return NamedTensors.of(m);
        }

        @Override
        protected void doImportState(NamedTensors s) {
            s.asMap().forEach((k, v) -> state.put(k, v.data()));
        }

        @Override
        protected void doClose() {
            state.clear();
        }
    }
}
