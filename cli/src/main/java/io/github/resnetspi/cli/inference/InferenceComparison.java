package io.github.resnetspi.cli.inference;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.Causes;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.Role;
import io.github.resnetspi.api.Threads;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.init.Initializer;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.cli.args.Networks;
import io.github.resnetspi.cli.args.UsageException;
import io.github.resnetspi.cli.args.WeightsSource;
import io.github.resnetspi.cli.cell.HostEnvironment;
import io.github.resnetspi.cli.cell.JsonFiles;
import io.github.resnetspi.cli.exec.ChildJvm;
import io.github.resnetspi.cli.exec.ShellLine;
import io.github.resnetspi.conformance.Tolerances;
import io.github.resnetspi.training.RunDirectoryLock;
import io.github.resnetspi.training.data.Datasets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs an inference comparison into a directory: writes the state and images every side reads
 * ({@link InferenceInputs}), computes the float64 reference's logits of the check images in this JVM, then runs
 * {@code rounds} rounds; a round runs every side once, each in a process of its own (a child JVM per backend, Python
 * for native PyTorch), in the sides' order rotated by the round's number, so that no side always runs first or after
 * the same neighbour. A side that fails is not run again. Each run writes {@code cells/SIDE/round-R.json} and its
 * output to {@code round-R.log}; the report ({@link InferenceReportWriter}) is built from those files.
 */
public final class InferenceComparison {
    /** The tolerance the logits are held to: the conformance kit's for a whole preset's forward. */
    public static final double TOLERANCE = Tolerances.PRESET_FORWARD;

    private final InferenceSettings settings;
    private final Path out;
    private final PrintWriter w;
    private final boolean verbose;

    public InferenceComparison(InferenceSettings settings, Path out, PrintWriter w, boolean verbose) {
        this.settings = settings;
        this.out = out;
        this.w = w;
        this.verbose = verbose;
    }

    /**
     * {@code compare --task inference}: settings from compare's shared options and {@code options}, validated.
     *
     * @param backends the backends to measure, as {@code compare} chose them from {@code --backends}
     */
    public static InferenceSettings settings(InferenceOptions options, List<String> backends, String model, String dataset,
                                             Integer resize, Long seed, String device, Integer threads) {
        String m = model != null ? model : "d2l-resnet18";
        String ds;
        try {
            Presets.get(m);
            ds = Datasets.canonical(dataset != null ? dataset : "fashion-mnist");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        int size = resize != null ? resize : 0;
        if (size < 0 || size > 1024) {
            throw new UsageException("--resize must be between 1 and 1024 (or 0 to keep the stored size), got " + size);
        }
        // an unknown preset or dataset, or one that cannot be built, is refused here
        Shape in = Networks.of(m, ds, size).inputShape();
        InferenceSettings s = options.settings(m, ds, size, seed != null ? seed : 1L, backends, device, threads);
        long values = (long) s.throughputBatch() * in.dim(0) * in.dim(1) * in.dim(2);
        if (values > Integer.MAX_VALUE) {
            throw new UsageException("a batch of --throughput-batch " + s.throughputBatch() + " at " + in.dim(0) + "x"
                    + in.dim(1) + "x" + in.dim(2) + " holds " + values + " values, more than one tensor can ("
                    + Integer.MAX_VALUE + "); use a smaller --throughput-batch");
        }
        WeightsSource.names(options.names);
        if (options.names != null && options.weights == null) {
            throw new UsageException("--names describes --weights FILE; give --weights, or leave --names out");
        }
        return s;
    }

    /** Runs every round and writes the report; returns 0, or 1 when a side's logits disagree with the reference. */
    public int run(String command, Path weightsFile) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is a file; name a directory (it is created when missing)");
        }
        if (Files.exists(out.resolve(InferenceReportWriter.RESULTS))) {
            throw new UsageException(out + " already holds an inference comparison; choose another --out DIR");
        }
        Network net = Networks.of(settings.model(), settings.dataset(), settings.resize());
        NamedTensors state = weightsFile == null ? Initializer.initialize(net, settings.seed())
                : WeightsSource.read("--weights", weightsFile, net, WeightsSource.names(settings.names())).state();
        try (RunDirectoryLock lock = RunDirectoryLock.acquire(out)) {
            Path inputs = out.resolve("inputs");
            InferenceInputs.write(inputs, net, state, settings);
            FloatTensor reference;
            try (Model m = yardstick().compile(net, CompileOptions.defaults())) {
                m.importState(state);
                reference = m.forward(InferenceInputs.check(net, settings.seed()), Mode.EVAL);
            }
            int threads = Threads.processDefault().threads();
            List<String> sides = new ArrayList<>(settings.backends());
            sides.add(NativePyTorch.NAME);
            String input = net.inputShape().dim(0) + "x" + net.inputShape().dim(1) + "x" + net.inputShape().dim(2)
                    + (settings.weights() != null ? ", weights " + settings.weights() : ", initial weights of seed "
                    + settings.seed());
            w.printf(Locale.ROOT, "inference of %s (%s) on %s: %d round(s) of %d warm-up + %d timed batch-1 forwards and %d"
                            + " forwards at batch %d, %d thread(s)%n", net.name(), input, String.join(", ", sides),
                    settings.rounds(), settings.warmup(), settings.runs(), settings.throughputRuns(),
                    settings.throughputBatch(), threads);
            w.flush();
            Path script = NativePyTorch.install(out.resolve("native"));
            Map<String, List<CellMeasurement>> results = new LinkedHashMap<>();
            sides.forEach(s -> results.put(s, new ArrayList<>()));
            for (int r = 0; r < settings.rounds(); r++) {
                List<String> order = new ArrayList<>(sides);
                Collections.rotate(order, -(r % order.size()));
                for (String side : order) {
                    List<CellMeasurement> done = results.get(side);
                    if (done.stream().allMatch(CellMeasurement::ok)) {
                        done.add(runSide(side, r + 1, net, inputs, script, threads));
                    }
                }
            }
            InferenceReport report = InferenceReport.of(command, settings, HostEnvironment.current(
                    settings.device().startsWith("gpu")), input, results, reference, TOLERANCE);
            InferenceReportWriter.write(report, out);
            return InferenceReportWriter.printSummary(report, out, w);
        }
    }

    /** The backend whose logits the others are held to: the one with {@link Role#YARDSTICK}. */
    private static Backend yardstick() {
        return Backends.discover().withRole(Role.YARDSTICK).orElseThrow(() -> new IllegalStateException(
                "no backend with the yardstick role (the float64 reference) on the class path: the logits cannot be checked"));
    }

    private CellMeasurement runSide(String side, int round, Network net, Path inputs, Path script, int threads)
            throws IOException {
        Path dir = out.resolve("cells").resolve(side);
        Files.createDirectories(dir);
        Path result = dir.resolve("round-" + round + ".json");
        List<String> cmd = side.equals(NativePyTorch.NAME)
                ? NativePyTorch.command(script, net, inputs, threads, settings, result)
                : ChildJvm.command(side, List.of("inference-cell", "--model", settings.model(), "--dataset",
                settings.dataset(), "--resize", Integer.toString(settings.resize()), "--state",
                inputs.resolve(InferenceInputs.STATE).toAbsolutePath().toString(), "--input",
                inputs.resolve(InferenceInputs.INPUT).toAbsolutePath().toString(), "--device", settings.device(),
                "--warmup", Integer.toString(settings.warmup()), "--runs", Integer.toString(settings.runs()),
                "--throughput-runs", Integer.toString(settings.throughputRuns()), "--result",
                result.toAbsolutePath().toString()));
        String prefix = "[" + side + " round " + round + "] ";
        say(prefix + "starting");
        List<String> stderr = Collections.synchronizedList(new ArrayList<>());
        CellMeasurement m;
        var start = ProcessLoad.now();
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(dir.resolve("round-" + round + ".log"),
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING), true)) {
            log.println("# " + Instant.now() + ": " + ShellLine.of(cmd));
            int code = ChildJvm.run(cmd, line -> {
                synchronized (log) {
                    log.println(line);
                }
                if (verbose) {
                    say(prefix + line);
                }
            }, line -> {
                stderr.add(line);
                synchronized (log) {
                    log.println(line);
                }
                if (verbose) {
                    say(prefix + "(stderr) " + line);
                }
            });
            log.println("# exit code " + code);
            m = code != 0 ? CellMeasurement.failed(ChildJvm.errorOf(stderr, code))
                    : !Files.exists(result) ? CellMeasurement.failed("it exited without writing " + result)
                    : JsonFiles.read(result, CellMeasurement.class);
        } catch (IOException e) {
            m = CellMeasurement.failed("cannot run " + cmd.get(0) + ": " + Causes.about(e));
        }
        m = m.ok() ? m.withLoad(ProcessLoad.since(start)) : m;
        JsonFiles.write(result, m);
        say(prefix + (m.ok() ? String.format(Locale.ROOT, "p50 %.3f ms, %.1f images/s",
                Percentiles.nearestRank(m.latenciesMs(), 50), m.throughputImagesPerSecond()) : "FAILED: " + m.error()));
        return m;
    }

    private void say(String line) {
        synchronized (w) {
            w.println(line);
            w.flush();
        }
    }
}
