package io.github.resnetspi.tensorflow;

import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.api.Threads;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * The session configuration every session of this backend uses. TensorFlow sizes its process-wide CPU thread pools
 * from the first session it creates (checked: later sessions asking for other sizes get no new threads), so the
 * device probe and every model share one instance, made when the natives load.
 *
 * <p>Intra-op threads (threads inside one kernel, e.g. a convolution) come from the neutral setting ({@link Threads}:
 * every available processor by default), unless the user set {@value #INTRA_PROPERTY}; inter-op threads (independent
 * kernels at once) default to 1, because on a small machine kernels side by side only compete for the same cores
 * (measured in the module README), unless the user set {@value #INTER_PROPERTY}.
 *
 * @param intraOp     threads inside one kernel
 * @param intraSource where {@code intraOp} came from
 * @param interOp     kernels run at once
 * @param interSource where {@code interOp} came from
 */
record SessionSettings(int intraOp, String intraSource, int interOp, String interSource) {
    static final String INTRA_PROPERTY = "resnetspi.tensorflow.intraOpThreads";
    static final String INTER_PROPERTY = "resnetspi.tensorflow.interOpThreads";

    /** The settings for this process: the neutral thread count unless the user set TensorFlow's own properties. */
    static SessionSettings resolve() {
        Integer intra = userThreads(INTRA_PROPERTY);
        Integer inter = userThreads(INTER_PROPERTY);
        Threads.Count neutral = intra == null ? Threads.processDefault() : null;
        return new SessionSettings(intra != null ? intra : neutral.threads(),
                intra != null ? "set by the user: -D" + INTRA_PROPERTY + "=" + intra : neutral.source(),
                inter != null ? inter : 1, inter != null ? "set by the user: -D" + INTER_PROPERTY + "=" + inter : "default");
    }

    /** @return whether the user set the intra-op threads for TensorFlow itself (then that setting wins) */
    boolean userSetIntraOp() {
        return System.getProperty(INTRA_PROPERTY) != null;
    }

    ConfigProto config() {
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intraOp)
                .setInterOpParallelismThreads(interOp)
                // ops without a GPU kernel (none in our graphs, but e.g. OneHot's int path) may fall back to the CPU
                .setAllowSoftPlacement(true)
                // take GPU memory as needed rather than all of it, so several models and engines can share a GPU
                .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true))
                .build();
    }

    private static Integer userThreads(String property) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ResnetSpiException("system property " + property + " must be a non-negative whole number of threads"
                + " (0 lets TensorFlow choose), got '" + v + "'", ErrorAnchor.THREADS);
    }
}
