package io.github.resnetspi.tensorflow.tools;

import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.train.LrSchedule;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.Sgd;
import io.github.resnetspi.conformance.TestData;
import io.github.resnetspi.tensorflow.TensorFlowProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory soak: {@code [steps] [every] [batch] [model]}, defaults 2000, 100, 32, resnet-tiny. Trains with momentum
 * and weight decay and, every {@code every} steps, also calls forward, gradients and export so that every path that
 * creates tensors is exercised; prints the process's resident memory (VmRSS) each time. Flat after warm-up means
 * no tensor or graph growth per step.
 */
public final class TensorFlowSoak {
    private TensorFlowSoak() {
    }

    public static void main(String[] args) throws IOException {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int every = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        Network net = Presets.build(args.length > 3 ? args[3] : "resnet-tiny");
        FloatTensor images = TestData.images(net, batch, 2);
        int[] labels = TestData.labels(batch, net.classes(), 2);
        Sgd sgd = new Sgd(0.05, 0.9, 5e-4, LrSchedule.constant());
        long t0 = System.nanoTime();
        try (Model m = new TensorFlowProvider().compile(net, CompileOptions.defaults().withOptimizer(sgd))) {
            System.out.printf("step %5d  VmRSS %7d kB  (after compile)%n", 0, rssKb());
            for (int step = 1; step <= steps; step++) {
                double loss = m.trainStep(images, labels, 0.05).loss();
                if (step % every == 0) {
                    if (step % (2 * every) == 0) {
                        m.forwardAll(images, Mode.EVAL);
                    } else {
                        m.forward(images, Mode.EVAL);
                    }
                    m.gradients();
                    m.importState(m.exportState());
                    System.gc();
                    System.out.printf("step %5d  VmRSS %7d kB  loss %.4f  %.1f s%n", step, rssKb(), loss,
                            (System.nanoTime() - t0) / 1e9);
                }
            }
        }
    }

    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status (Linux only)");
    }
}
