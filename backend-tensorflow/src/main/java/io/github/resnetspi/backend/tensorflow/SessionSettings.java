package io.github.resnetspi.backend.tensorflow;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * The session configuration every session of this backend uses. TensorFlow sizes its process-wide CPU thread pools
 * from the first session it creates, so the device probe and every model must agree on it.
 *
 * <p>Threads: intra-op parallelism (threads inside one kernel, e.g. a convolution) defaults to the number of cores;
 * inter-op parallelism (independent kernels at once) defaults to 1, because on a small machine running kernels side
 * by side only makes them compete for the same cores (measured in the module README). Both can be overridden with
 * the system properties {@value #INTRA_PROPERTY} and {@value #INTER_PROPERTY}.
 */
final class SessionSettings {
    static final String INTRA_PROPERTY = "resnetspi.tensorflow.intraOpThreads";
    static final String INTER_PROPERTY = "resnetspi.tensorflow.interOpThreads";

    private SessionSettings() {
    }

    static ConfigProto config() {
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads(INTRA_PROPERTY, Runtime.getRuntime().availableProcessors()))
                .setInterOpParallelismThreads(threads(INTER_PROPERTY, 1))
                // ops without a GPU kernel (none in our graphs, but e.g. OneHot's int path) may fall back to the CPU
                .setAllowSoftPlacement(true)
                // take GPU memory as needed rather than all of it, so several models and engines can share a GPU
                .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true))
                .build();
    }

    private static int threads(String property, int fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("system property " + property + " must be a non-negative integer"
                + " (0 lets TensorFlow choose), got '" + v + "'");
    }
}
