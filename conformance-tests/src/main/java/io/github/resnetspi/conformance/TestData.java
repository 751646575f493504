package io.github.resnetspi.conformance;

import io.github.resnetspi.api.StateLayout;
import io.github.resnetspi.api.graph.BatchNorm2d;
import io.github.resnetspi.api.graph.Conv2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.ParameterKind;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded inputs, labels and states; identical on every JVM, so every backend sees the same numbers. */
public final class TestData {
    /** The half-widths of {@link #scaledChannels}' channels, cycling: variances ≈ 3e-5, 3e-2 and 1.3. */
    private static final double[] CHANNEL_SCALES = {0.01, 0.3, 2.0};
    /** The means of {@link #scaledChannels}' channels, cycling. */
    private static final double[] CHANNEL_OFFSETS = {0.05, -0.2, 0.5};

    private TestData() {
    }

    /**
     * @param shape shape
     * @param lo    lower bound
     * @param hi    upper bound (exclusive)
     * @param seed  seed
     * @return values uniform in [lo, hi)
     */
    public static FloatTensor uniform(Shape shape, double lo, double hi, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        }
        return FloatTensor.wrap(shape, v);
    }

    /**
     * @param network the network
     * @param batch   batch size
     * @param seed    seed
     * @return images (N, C, H, W) uniform in [-1, 1)
     */
    public static FloatTensor images(Network network, int batch, long seed) {
        return uniform(network.inputShape().withBatch(batch), -1, 1, seed);
    }

    /**
     * Images whose channels have very different scales and offsets: channel c is {@code offset_c + scale_c·u}, u
     * uniform in [-1, 1), with scales cycling through 0.01, 0.3, 2 and small offsets. The 0.01 channels have a
     * variance near 3e-5, where a wrong batch-norm ε (1e-3 instead of 1e-5) changes the output fivefold.
     *
     * @param nchw shape
     * @param seed seed
     * @return the images
     */
    public static FloatTensor scaledChannels(Shape nchw, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = nchw.dim(0), c = nchw.dim(1), plane = nchw.dim(2) * nchw.dim(3);
        float[] v = new float[n * c * plane];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int k = 0; k < plane; k++) {
                    v[(b * c + ch) * plane + k] = (float) (CHANNEL_OFFSETS[ch % 3] + CHANNEL_SCALES[ch % 3] * (2 * rng.nextDouble() - 1));
                }
            }
        }
        return FloatTensor.wrap(nchw, v);
    }

    /**
     * Uniform values in [-1, 1), except that every channel is exactly 0 at the pixels (i, j) with i + j even: a 1×1
     * convolution without bias is then exactly 0 there in any float format, and a ReLU after it sees exact zeros.
     *
     * @param nchw shape
     * @param seed seed
     * @return the images
     */
    public static FloatTensor withZeroPixels(Shape nchw, long seed) {
        float[] v = uniform(nchw, -1, 1, seed).data();
        int h = nchw.dim(2), w = nchw.dim(3);
        for (int i = 0; i < v.length; i++) {
            int pixel = i % (h * w);
            if ((pixel / w + pixel % w) % 2 == 0) {
                v[i] = 0;
            }
        }
        return FloatTensor.wrap(nchw, v);
    }

    /**
     * @param batch   batch size
     * @param classes number of classes
     * @param seed    seed
     * @return class indices uniform in [0, classes)
     */
    public static int[] labels(int batch, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] l = new int[batch];
        for (int i = 0; i < batch; i++) {
            l[i] = rng.nextInt(classes);
        }
        return l;
    }

    /**
     * A full state with nothing at its default: the seeded initial weights, and random biases (±0.5), BN γ in
     * [0.5, 1.5), β in [-0.5, 0.5), running means in [-0.5, 0.5) and running variances in [0.5, 2), so that a backend
     * that ignores an imported tensor, or mixes up γ/β or mean/var, is caught.
     *
     * @param network the network
     * @param seed    seed
     * @return its state (no momentum buffers)
     */
    public static NamedTensors randomState(Network network, long seed) {
        NamedTensors initial = StateLayout.of(network, false).initialState(seed);
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        long k = 0;
        for (ParameterSpec p : network.parameters()) {
            long s = seed * 1_000_003L + (k++);
            FloatTensor t = switch (p.kind()) {
                case CONV_WEIGHT, DENSE_WEIGHT -> initial.get(p.name());
                case BIAS, BN_BETA, RUNNING_MEAN -> uniform(p.shape(), -0.5, 0.5, s);
                case BN_GAMMA -> uniform(p.shape(), 0.5, 1.5, s);
                case RUNNING_VAR -> uniform(p.shape(), 0.5, 2.0, s);
            };
            out.put(p.name(), t);
        }
        return NamedTensors.of(out);
    }

    /**
     * Running statistics at the scale of {@link #scaledChannels} data, for the batch norms that read the network's
     * input: channel c's running mean is its data mean plus up to ±0.3 of its scale, its running variance its data
     * variance times [0.6, 1.6), so eval mode normalises with statistics near, but not equal to, the batch's.
     *
     * @param network the network
     * @param seed    seed
     * @return the running means and variances of its input batch norms
     */
    public static NamedTensors dataScaleStatistics(Network network, long seed) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Node node : network.nodesOf(BatchNorm2d.class)) {
            if (!Network.INPUT.equals(node.input())) {
                continue;
            }
            int c = node.inputShape().dim(0);
            float[] mean = new float[c];
            float[] var = new float[c];
            for (int ch = 0; ch < c; ch++) {
                double scale = CHANNEL_SCALES[ch % 3];
                mean[ch] = (float) (CHANNEL_OFFSETS[ch % 3] + 0.3 * scale * (2 * rng.nextDouble() - 1));
                var[ch] = (float) (scale * scale / 3 * (0.6 + rng.nextDouble()));
            }
            out.put(node.parameterName(ParameterKind.RUNNING_MEAN), FloatTensor.wrap(Shape.of(c), mean));
            out.put(node.parameterName(ParameterKind.RUNNING_VAR), FloatTensor.wrap(Shape.of(c), var));
        }
        return NamedTensors.of(out);
    }

    /**
     * @param network the network
     * @return a zero bias for every convolution that has one
     */
    public static NamedTensors zeroConvBiases(Network network) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Node node : network.nodesOf(Conv2d.class)) {
            if (node.hasParameter(ParameterKind.BIAS)) {
                out.put(node.parameterName(ParameterKind.BIAS), FloatTensor.zeros(Shape.of(((Conv2d) node.op()).outChannels())));
            }
        }
        return NamedTensors.of(out);
    }
}
