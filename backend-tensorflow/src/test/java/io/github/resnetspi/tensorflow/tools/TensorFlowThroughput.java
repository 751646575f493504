package io.github.resnetspi.tensorflow.tools;

import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.conformance.TestData;
import io.github.resnetspi.tensorflow.TensorFlowProvider;

/**
 * CPU throughput of this backend alone: {@code [model] [batch] [steps] [warmup]}, defaults d2l-resnet18, 32, 10, 3.
 * Thread settings come from the system properties documented in the README; the oneDNN switch is the environment
 * variable TF_ENABLE_ONEDNN_OPTS. Prints one line per phase: training steps, then eval forwards, in images/s.
 */
public final class TensorFlowThroughput {
    private TensorFlowThroughput() {
    }

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "d2l-resnet18";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Network net = Presets.build(model);
        FloatTensor images = TestData.images(net, batch, 1);
        int[] labels = TestData.labels(batch, net.classes(), 1);
        try (Model m = new TensorFlowProvider().compile(net, CompileOptions.defaults())) {
            for (int i = 0; i < warmup; i++) {
                m.trainStep(images, labels, 0.05);
            }
            long t = System.nanoTime();
            long cpu = processCpuMillis();
            for (int i = 0; i < steps; i++) {
                m.trainStep(images, labels, 0.05);
            }
            report("train", model, batch, steps, System.nanoTime() - t, processCpuMillis() - cpu);
            m.forward(images, Mode.EVAL);
            t = System.nanoTime();
            cpu = processCpuMillis();
            for (int i = 0; i < steps; i++) {
                m.forward(images, Mode.EVAL);
            }
            report("eval-forward", model, batch, steps, System.nanoTime() - t, processCpuMillis() - cpu);
        }
    }

    /**
     * User + system CPU time of the whole process (all TensorFlow threads), from /proc/self/stat; -1 where that
     * file does not exist. On a shared machine it varies far less than wall time, so it is the better yardstick
     * for comparing two settings.
     */
    static long processCpuMillis() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void report(String phase, String model, int batch, int steps, long nanos, long cpuMillis) {
        double s = nanos / 1e9;
        System.out.printf("tensorflow %s %s batch %d: %.1f images/s (%.0f ms/step, %d CPU ms/step, intra=%s inter=%s onednn=%s)%n",
                phase, model, batch, steps * batch / s, 1000 * s / steps, cpuMillis / steps,
                System.getProperty("resnetspi.tensorflow.intraOpThreads", "cores"),
                System.getProperty("resnetspi.tensorflow.interOpThreads", "1"),
                System.getenv().getOrDefault("TF_ENABLE_ONEDNN_OPTS", "default"));
    }
}
