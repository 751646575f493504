package io.github.resnetspi.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.StepObserver;
import io.github.resnetspi.api.Threads;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.tensor.FloatTensor;
import java.io.IOException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where one backend's training step spends its time, next to native PyTorch's: the engine's own op profile summed
 * into categories (convolutions, batch norm, pooling, element-wise, dense, loss, optimizer, layout/padding ops the
 * integration adds, copies, other), and the wall time of each {@link StepObserver.Phase} where the backend reports
 * phases (engine synchronised at each phase end). Both come through the model's {@link StepObserver}: a backend
 * whose engine traces a step itself (TensorFlow) reports its op times, and for the others {@link EngineProfiler} runs
 * the engine's profiler.
 *
 * <p>{@code --backend NAME [--size 96] [--batch 32] [--momentum 0] [--weight-decay 0] [--warmup 3] [--steps 5]
 * [--native on|off] [--top 12]}: plain SGD by default, as the bench trains; {@code --momentum 0.9 --weight-decay 5e-4}
 * profiles the update compare's {@code quick} profile runs, on both sides.
 */
public final class StepProfile {
    private StepProfile() {
    }

    /** Op-name patterns of each category, tried in order; the first match wins. */
    private static final Map<String, Pattern> CATEGORIES = categories();

    private static Map<String, Pattern> categories() {
        Map<String, Pattern> c = new LinkedHashMap<>();
        c.put("convolution", Pattern.compile("(?i).*conv.*"));
        c.put("batch norm", Pattern.compile("(?i).*(batch_?norm|batchnorm).*"));
        c.put("pooling", Pattern.compile("(?i).*pool.*"));
        c.put("optimizer", Pattern.compile("(?i).*(apply(momentum|gradientdescent)|sgd).*"));
        c.put("dense", Pattern.compile("(?i).*(addmm|matmul|\\bmm\\b|aten::mm|linear|fullyconnected|biasadd).*"));
        c.put("loss", Pattern.compile("(?i).*(softmax|nll|cross_?entropy|onehot|one_hot).*"));
        c.put("layout and padding", Pattern.compile("(?i).*(transpose|pad|permute|concat|cat\\b|aten::cat|slice).*"));
        c.put("copies and variables", Pattern.compile("(?i).*(copy|_to|contiguous|assign|readvariable|identity|empty"
                + "|zero|fill|clone|const|_recv|_send|_retval|_arg|nonzero|resize).*"));
        c.put("element-wise", Pattern.compile("(?i).*(relu|threshold|add|mul|sub|div|neg|sum|mean|exp|log|sqrt|rsqrt"
                + "|square|pow).*"));
        return c;
    }

    public static void main(String[] argv) throws IOException {
        Args args = new Args(argv);
        Backend provider = args.provider();
        int size = args.getInt("size", 96);
        int batch = args.getInt("batch", 32);
        int warmup = args.getInt("warmup", 3);
        int steps = args.getInt("steps", 5);
        int top = args.getInt("top", 12);
        BenchSetup setup = BenchSetup.synthetic(Presets.build("d2l-resnet18", Presets.get("d2l-resnet18").defaults()
                .withInput(1, size, size)), batch, 42)
                .withSgd(args);
        FloatTensor images = setup.imageTensor();
        System.out.printf(Locale.ROOT, "profile of %s: d2l-resnet18, batch %d at 1x%dx%d, SGD momentum %s weight decay %s,"
                + " %d steps after %d warm-up%n", provider.name(), batch, size, size, setup.momentum(), setup.weightDecay(),
                steps, warmup);
        Observer observer = new Observer();
        try (Model model = provider.compile(setup.network(), setup.compileOptions().withStepObserver(observer))) {
            Runnable step = () -> model.trainStep(images, setup.labels(), setup.learningRate());
            for (int i = 0; i < warmup; i++) {
                step.run();
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                step.run();
            }
            double stepMs = (System.nanoTime() - t0) / 1e6 / steps;
            System.out.printf(Locale.ROOT, "untimed step: %.1f ms (%.1f img/s)%n", stepMs, batch * 1000 / stepMs);
            observer.active = true;
            for (int i = 0; i < steps; i++) {
                observer.last = System.nanoTime();
                step.run();
            }
            observer.active = false;
            Map<String, Double> ops = perStep(observer.opMillis, steps);
            if (!observer.phaseMillis.isEmpty()) {
                printPhases(perStep(observer.phaseMillis, steps));
            }
            if (ops.isEmpty()) {
                EngineProfiler profiler = EngineProfiler.forBackend(provider.name());
                profiler.start();
                for (int i = 0; i < steps; i++) {
                    step.run();
                }
                ops = profiler.stop(steps);
            }
            print("engine op profile (" + provider.name() + ")", ops, stepMs, top);
        }
        if (!args.get("native", "on").equals("off")) {
            NativePeer.Result peer = NativePeer.start(setup, Threads.processDefault().threads(), warmup, false);
            if (peer.absent() != null) {
                System.out.println("native: none: " + peer.absent().reason());
                return;
            }
            try (NativePeer p = peer.peer()) {
                JsonObject prof = JsonParser.parseString(p.profile(steps)).getAsJsonObject();
                Map<String, Double> ops = new LinkedHashMap<>();
                prof.getAsJsonObject("self_ms_per_step").entrySet().forEach(e -> ops.put(e.getKey(), e.getValue().getAsDouble()));
                print("native PyTorch op profile (" + p.description() + ")", ops, prof.get("ms_per_step").getAsDouble(), top);
            }
        }
    }

    /** Sums what the model reports of the steps it observes, while {@link #active}. */
    private static final class Observer implements StepObserver {
        private final Map<Phase, Double> phaseMillis = new EnumMap<>(Phase.class);
        private final Map<String, Double> opMillis = new LinkedHashMap<>();
        private volatile boolean active;
        private long last;

        @Override
        public boolean observing() {
            return active;
        }

        @Override
        public boolean wantsOpMillis() {
            return true;
        }

        @Override
        public void phaseEnded(Phase phase) {
            long now = System.nanoTime();
            phaseMillis.merge(phase, (now - last) / 1e6, Double::sum);
            last = now;
        }

        @Override
        public void opMillis(Map<String, Double> millisByOpType) {
            millisByOpType.forEach((op, ms) -> opMillis.merge(op, ms, Double::sum));
        }
    }

    /** @return {@code total} divided by {@code steps}, in its order */
    private static <K> Map<K, Double> perStep(Map<K, Double> total, int steps) {
        Map<K, Double> out = new LinkedHashMap<>(total);
        out.replaceAll((k, v) -> v / steps);
        return out;
    }

    private static void printPhases(Map<StepObserver.Phase, Double> ms) {
        double total = ms.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "phases (engine synchronised at each end), %.1f ms:", total));
        ms.forEach((p, v) -> sb.append(String.format(Locale.ROOT, " %s %.1f ms (%.0f%%)", p.name().toLowerCase(Locale.ROOT), v,
                100 * v / total)));
        System.out.println(sb);
    }

    private static void print(String title, Map<String, Double> ops, double stepMs, int top) {
        double profiled = ops.values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf(Locale.ROOT, "%s: %.1f ms of op time per step (step %.1f ms)%n", title, profiled, stepMs);
        Map<String, Double> byCategory = new LinkedHashMap<>();
        CATEGORIES.keySet().forEach(c -> byCategory.put(c, 0.0));
        byCategory.put("other", 0.0);
        ops.forEach((op, ms) -> byCategory.merge(category(op), ms, Double::sum));
        byCategory.forEach((c, ms) -> {
            if (ms > 0) {
                System.out.printf(Locale.ROOT, "  %-22s %8.2f ms  %5.1f%%%n", c, ms, 100 * ms / profiled);
            }
        });
        System.out.println("  top ops (self ms per step):");
        ops.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "    %8.2f  %-14s %s%n", e.getValue(), category(e.getKey()), e.getKey()));
    }

    static String category(String op) {
        for (Map.Entry<String, Pattern> c : CATEGORIES.entrySet()) {
            if (c.getValue().matcher(op).matches()) {
                return c.getKey();
            }
        }
        return "other";
    }

    static List<String> categoryNames() {
        return List.copyOf(CATEGORIES.keySet());
    }
}
