package io.github.resnetspi.bench;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.tensor.FloatTensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A long training run of one backend that prints the process's resident memory ({@code VmRSS}) every N steps, to
 * show that native memory stays flat after warm-up.
 *
 * <p>{@code --backend NAME [--model resnet-tiny] [--batch 32] [--steps 2000] [--every 100] [--warmup 200]}
 */
public final class Soak {
    private Soak() {
    }

    public static void main(String[] argv) {
        Args args = new Args(argv);
        Backend provider = args.provider();
        String modelName = args.get("model", "resnet-tiny");
        int batch = args.getInt("batch", 32);
        int steps = args.getInt("steps", 2000);
        int every = args.getInt("every", 100);
        int warmup = args.getInt("warmup", 200);
        BenchSetup setup = BenchSetup.synthetic(Presets.build(modelName), batch, 7);
        FloatTensor images = setup.imageTensor();
        System.out.printf(Locale.ROOT, "soak backend %s, %s, batch %d, %d steps, RSS every %d%n",
                provider.name(), modelName, batch, steps, every);
        long atWarmup = -1;
        long max = 0;
        long t0 = System.nanoTime();
        try (Model model = provider.compile(setup.network(), CompileOptions.defaults())) {
            System.out.printf(Locale.ROOT, "step 0 rss_mib=%.1f%n", rssKib() / 1024.0);
            for (int step = 1; step <= steps; step++) {
                model.trainStep(images, setup.labels(), 0.01);
                if (step % every == 0) {
                    long rss = rssKib();
                    if (step >= warmup && atWarmup < 0) {
                        atWarmup = rss;
                    }
                    if (step >= warmup) {
                        max = Math.max(max, rss);
                    }
                    System.out.printf(Locale.ROOT, "step %d rss_mib=%.1f rss_after_gc_mib=%.1f ms_per_step=%.1f%n", step,
                            rss / 1024.0, rssAfterGcKib() / 1024.0, (System.nanoTime() - t0) / 1e6 / step);
                }
            }
            long end = rssKib();
            System.out.printf(Locale.ROOT, "RESULT backend=%s steps=%d rss_after_warmup_mib=%.1f rss_max_after_warmup_mib=%.1f"
                            + " rss_end_mib=%.1f growth_after_warmup_mib=%.1f%n", provider.name(), steps,
                    atWarmup / 1024.0, max / 1024.0, end / 1024.0, (end - atWarmup) / 1024.0);
        }
    }

    /** RSS once the GC has run the cleaners of the direct buffers the engines' copies left behind. */
    static long rssAfterGcKib() {
        System.gc();
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return rssKib();
    }

    static long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status (the soak needs Linux)", e);
        }
        throw new IllegalStateException("no VmRSS line in /proc/self/status");
    }
}
