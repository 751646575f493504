package io.github.resnetspi.bench;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.Threads;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.tensor.FloatTensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * CPU training throughput of one backend through the SPI, next to native Python PyTorch ({@link NativePeer}, a child
 * process kept warm) and, for the DJL backends, the same network written directly on the engine
 * ({@link DirectBaselines}), all in one run. After warm-up, rounds alternate the sides (their order reversed every
 * other round), so that load from other processes hits every side alike; a ratio is the median of the rounds' ratios
 * (each pairs measurements taken seconds apart), printed with their range and a distribution-free 95 % confidence
 * interval for that median ({@link MedianInterval}).
 *
 * <p>{@code --backend NAME [--model d2l-resnet18] [--size 96] [--batch 32] [--momentum 0] [--weight-decay 0]
 * [--warmup 3] [--rounds 5] [--steps 3] [--native on|off] [--native-channels-last on|off]}: plain SGD by default, as
 * the d2l chapter trains; {@code --momentum 0.9 --weight-decay 5e-4} measures the update {@code compare}'s {@code
 * quick} profile trains with, on every side. Native PyTorch runs twice, each its own side: as the d2l code is written
 * (NCHW, the ratio the fidelity bar is read on) and with model and batch in {@code torch.channels_last}, the layout
 * djl-pytorch holds on the CPU, so that a reader sees how much of a ratio the layout alone accounts for.
 */
public final class CpuThroughput {
    /** The coverage asked of a ratio's confidence interval ({@link MedianInterval}). */
    private static final double CONFIDENCE = 0.95;

    private CpuThroughput() {
    }

    /** One side of the comparison: a name and one round of {@code steps} training steps, in images per second. */
    private record Side(String name, Round round) {
    }

    @FunctionalInterface
    private interface Round {
        double imagesPerSecond(int steps) throws IOException;
    }

    public static void main(String[] argv) throws IOException {
        Args args = new Args(argv);
        Backend provider = args.provider();
        String modelName = args.get("model", "d2l-resnet18");
        int size = args.getInt("size", 96);
        int batch = args.getInt("batch", 32);
        int warmup = args.getInt("warmup", 3);
        int rounds = args.getInt("rounds", 5);
        int steps = args.getInt("steps", 3);
        boolean withNative = !args.get("native", "on").equals("off");
        boolean withNativeChannelsLast = withNative && !args.get("native-channels-last", "on").equals("off");
        BenchSetup setup = BenchSetup.synthetic(Presets.build(modelName, Presets.get(modelName).defaults()
                .withInput(1, size, size)), batch, 42)
                .withSgd(args);
        BackendInfo info = provider.info();
        int threads = Threads.processDefault().threads();
        System.out.printf(Locale.ROOT, "backend %s (%s %s), %s at 1x%dx%d, batch %d, SGD momentum %s weight decay %s,"
                        + " %d processors, warm-up %d steps, %d rounds x %d steps%n", provider.name(), info.engine(),
                info.engineVersion(), modelName, size, size, batch, setup.momentum(), setup.weightDecay(),
                Runtime.getRuntime().availableProcessors(), warmup, rounds, steps);
        FloatTensor images = setup.imageTensor();
        try (Model model = provider.compile(setup.network(), setup.compileOptions());
             Closer<DirectBaseline> baseline = new Closer<>(DirectBaselines.forBackend(provider.name(), setup));
             Closer<NativePeer> peer = new Closer<>(withNative ? startPeer(setup, threads, warmup, false) : Optional.empty());
             Closer<NativePeer> peerCl = new Closer<>(withNativeChannelsLast && peer.get().isPresent()
                     ? startPeer(setup, threads, warmup, true) : Optional.empty())) {
            provider.info().details().forEach((k, v) -> System.out.println("  " + k + ": " + v));
            List<Side> sides = new ArrayList<>();
            peer.get().ifPresent(p -> {
                System.out.println("native: " + p.description());
                sides.add(new Side("native", p::round));
            });
            peerCl.get().ifPresent(p -> {
                System.out.println("native_cl: " + p.description());
                sides.add(new Side("native_cl", p::round));
            });
            Runnable spiStep = () -> model.trainStep(images, setup.labels(), setup.learningRate());
            repeat(spiStep, warmup);
            sides.add(new Side("spi", n -> imagesPerSecond(spiStep, n, batch)));
            baseline.get().ifPresent(b -> {
                System.out.println("direct: " + b.description());
                Runnable directStep = () -> b.trainStep(setup.images(), setup.labels());
                repeat(directStep, warmup);
                sides.add(new Side("direct", n -> imagesPerSecond(directStep, n, batch)));
            });
            Map<String, List<Double>> measured = new LinkedHashMap<>();
            sides.forEach(s -> measured.put(s.name(), new ArrayList<>()));
            for (int r = 0; r < rounds; r++) {
                List<Side> order = new ArrayList<>(sides);
                if (r % 2 == 1) {
                    Collections.reverse(order);
                }
                for (Side s : order) {
                    measured.get(s.name()).add(s.round().imagesPerSecond(steps));
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d:", r + 1));
                for (Side s : sides) {
                    line.append(String.format(Locale.ROOT, " %s %.2f img/s", s.name(), measured.get(s.name()).get(r)));
                }
                System.out.println(line);
            }
            StringBuilder result = new StringBuilder(String.format(Locale.ROOT,
                    "RESULT backend=%s model=%s size=%d batch=%d threads=%d", provider.name(), modelName, size, batch, threads));
            List<Double> spi = measured.get("spi");
            result.append(String.format(Locale.ROOT, " spi_img_s=%.2f", median(spi)));
            for (String other : List.of("native", "native_cl", "direct")) {
                if (measured.containsKey(other)) {
                    // each round's ratio pairs measurements taken seconds apart, under the same load: the median of
                    // those is steadier than the ratio of the two medians on a machine whose speed drifts
                    List<Double> o = measured.get(other);
                    List<Double> ratios = new ArrayList<>();
                    for (int r = 0; r < spi.size(); r++) {
                        ratios.add(spi.get(r) / o.get(r));
                    }
                    MedianInterval ci = MedianInterval.of(ratios, CONFIDENCE);
                    result.append(String.format(Locale.ROOT, " %s_img_s=%.2f ratio_%s=%.3f ratio_%s_range=%.3f-%.3f"
                                    + " ratio_%s_ci=%.3f-%.3f ratio_%s_ci_coverage=%.3f", other, median(o), other,
                            median(ratios), other, Collections.min(ratios), Collections.max(ratios), other, ci.low(),
                            ci.high(), other, ci.coverage()));
                } else {
                    result.append(' ').append(other).append("=none");
                }
            }
            System.out.println(result);
        }
    }

    private static Optional<NativePeer> startPeer(BenchSetup setup, int threads, int warmup, boolean channelsLast)
            throws IOException {
        NativePeer.Result r = NativePeer.start(setup, threads, warmup, channelsLast);
        if (r.absent() != null) {
            System.out.println("native: none: " + r.absent().reason());
        }
        return r.get();
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

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Closes an optional resource with the model, in one try-with-resources. */
    private record Closer<T extends AutoCloseable>(Optional<T> get) implements AutoCloseable {
        @Override
        public void close() {
            get.ifPresent(t -> {
                try {
                    t.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing " + t + ": " + e.getMessage(), e);
                }
            });
        }
    }
}
