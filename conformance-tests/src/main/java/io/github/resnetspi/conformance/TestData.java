package io.github.resnetspi.conformance;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.spi.StateLayout;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded inputs, labels and states; identical on every JVM, so every backend sees the same numbers. */
public final class TestData {
    private TestData() {
    }

    /** Uniform values in [lo, hi). */
    public static FloatTensor uniform(Shape shape, double lo, double hi, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        }
        return FloatTensor.wrap(shape, v);
    }

    /** Images (N, C, H, W) uniform in [-1, 1). */
    public static FloatTensor images(Network network, int batch, long seed) {
        return uniform(network.inputShape().withBatch(batch), -1, 1, seed);
    }

    /**
     * Images whose channels have very different scales and offsets: channel c is {@code offset_c + scale_c·u} with
     * scales cycling through 0.01, 0.3, 2 and small offsets. The 0.01 channels have a variance near 1e-4, where a
     * wrong batch-norm ε (1e-3 instead of 1e-5) changes the output threefold.
     */
    public static FloatTensor scaledChannels(Shape nchw, long seed) {
        double[] scales = {0.01, 0.3, 2.0};
        double[] offsets = {0.05, -0.2, 0.5};
        SplittableRandom rng = new SplittableRandom(seed);
        int n = nchw.dim(0), c = nchw.dim(1), plane = nchw.dim(2) * nchw.dim(3);
        float[] v = new float[n * c * plane];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int k = 0; k < plane; k++) {
                    v[(b * c + ch) * plane + k] = (float) (offsets[ch % 3] + scales[ch % 3] * (2 * rng.nextDouble() - 1));
                }
            }
        }
        return FloatTensor.wrap(nchw, v);
    }

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
}
