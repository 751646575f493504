package io.github.resnetspi.api.init;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deterministic initial values for every named tensor of a network, computed here so that every backend starts
 * from bit-identical weights:
 * <ul>
 *   <li>conv and dense weights: Xavier (Glorot) uniform, {@code U(−a, a)}, {@code a = sqrt(6 / (fanIn + fanOut))},
 *       fan = channels × kernel area (as {@code torch.nn.init.xavier_uniform_}, which the d2l training code applies);
 *       values are drawn in double precision and rounded once to float;</li>
 *   <li>conv and dense biases, BN β, running means: 0; BN γ and running variances: 1.</li>
 * </ul>
 * Each tensor has its own SplitMix64 stream seeded by {@code seed} mixed with a 64-bit FNV-1a hash of the tensor's
 * name, so a tensor's values depend only on the seed and its name, not on the other layers.
 */
public final class Initializer {
    private Initializer() {
    }

    /**
     * @param network the network
     * @param seed    the seed
     * @return every parameter and running statistic of {@code network}, initialised as described above, in node order
     */
    public static NamedTensors initialize(Network network, long seed) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (ParameterSpec p : network.parameters()) {
            out.put(p.name(), initial(p, seed));
        }
        return NamedTensors.of(out);
    }

    /**
     * @param p    one named tensor of a network
     * @param seed the seed
     * @return its initial value, which depends only on {@code seed} and its name, kind and shape
     */
    public static FloatTensor initial(ParameterSpec p, long seed) {
        int n = Math.toIntExact(p.shape().size());
        float[] v = new float[n];
        switch (p.kind()) {
            case CONV_WEIGHT, DENSE_WEIGHT -> {
                double bound = Math.sqrt(6.0 / (p.fanIn() + p.fanOut()));
                SplitMix64 rng = new SplitMix64(seed ^ fnv1a(p.name()));
                for (int i = 0; i < n; i++) {
                    v[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
                }
            }
            case BN_GAMMA, RUNNING_VAR -> Arrays.fill(v, 1f);
            case BIAS, BN_BETA, RUNNING_MEAN -> {
                // zeros
            }
        }
        return FloatTensor.wrap(p.shape(), v);
    }

    static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
