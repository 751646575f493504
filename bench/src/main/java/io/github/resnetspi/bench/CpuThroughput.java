package io.github.resnetspi.bench;

import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.spi.BackendInfo;
import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.api.spi.CompileOptions;
import io.github.resnetspi.api.spi.Model;
import io.github.resnetspi.api.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * CPU training throughput of one backend through the SPI, next to the same network trained directly on the engine
 * ({@link DirectBaselines}), in the same JVM. After warm-up, rounds alternate the two sides (SPI then direct, a few
 * steps each), so that load from other processes hits both alike; the ratio is of the median round throughputs.
 *
 * <p>{@code --backend NAME [--model d2l-resnet18] [--batch 32] [--warmup 3] [--rounds 5] [--steps 3]}
 */
public final class CpuThroughput {
    private CpuThroughput() {
    }

    public static void main(String[] argv) {
        Args args = new Args(argv);
        BackendProvider provider = args.provider();
        String modelName = args.get("model", "d2l-resnet18");
        int batch = args.getInt("batch", 32);
        int warmup = args.getInt("warmup", 3);
        int rounds = args.getInt("rounds", 5);
        int steps = args.getInt("steps", 3);
        BenchSetup setup = BenchSetup.synthetic(Presets.build(modelName), batch, 42);
        BackendInfo info = provider.info();
        System.out.printf(Locale.ROOT, "backend %s (%s %s), %s, batch %d, %d cores, warm-up %d steps, %d rounds x %d steps%n",
                provider.name(), info.engine(), info.engineVersion(), modelName, batch,
                Runtime.getRuntime().availableProcessors(), warmup, rounds, steps);

        FloatTensor images = setup.imageTensor();
        try (Model model = provider.compile(setup.network(), CompileOptions.defaults());
             Closer baseline = new Closer(DirectBaselines.forBackend(provider.name(), setup))) {
            Runnable spiStep = () -> model.trainStep(images, setup.labels(), setup.learningRate());
            Runnable directStep = baseline.get().map(b -> (Runnable) () -> b.trainStep(setup.images(), setup.labels())).orElse(null);
            repeat(spiStep, warmup);
            if (directStep != null) {
                System.out.println("direct baseline: " + baseline.get().get().description());
                repeat(directStep, warmup);
            }
            List<Double> spi = new ArrayList<>();
            List<Double> direct = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                spi.add(imagesPerSecond(spiStep, steps, batch));
                if (directStep != null) {
                    direct.add(imagesPerSecond(directStep, steps, batch));
                }
                System.out.printf(Locale.ROOT, "round %d: spi %.2f img/s%s%n", r + 1, spi.get(r),
                        directStep == null ? "" : String.format(Locale.ROOT, ", direct %.2f img/s, ratio %.3f",
                                direct.get(r), spi.get(r) / direct.get(r)));
            }
            double spiMedian = median(spi);
            if (directStep == null) {
                System.out.printf(Locale.ROOT, "RESULT backend=%s model=%s batch=%d spi_img_s=%.2f direct=none%n",
                        provider.name(), modelName, batch, spiMedian);
            } else {
                double directMedian = median(direct);
                System.out.printf(Locale.ROOT, "RESULT backend=%s model=%s batch=%d spi_img_s=%.2f direct_img_s=%.2f ratio=%.3f%n",
                        provider.name(), modelName, batch, spiMedian, directMedian, spiMedian / directMedian);
            }
        }
    }

    private static void repeat(Runnable step, int n) {
        for (int i = 0; i < n; i++) {
            step.run();
        }
    }

    private static double imagesPerSecond(Runnable step, int steps, int batch) {
        long t0 = System.nanoTime();
        repeat(step, steps);
        return (double) steps * batch / ((System.nanoTime() - t0) / 1e9);
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Closes the optional baseline with the model, in one try-with-resources. */
    private record Closer(Optional<DirectBaseline> get) implements AutoCloseable {
        @Override
        public void close() {
            get.ifPresent(DirectBaseline::close);
        }
    }
}
