package io.github.resnetspi.cli;

import com.google.gson.Gson;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.reference.ReferenceProvider;
import io.github.resnetspi.cli.report.ComparisonReport;
import io.github.resnetspi.cli.report.ReportWriter;
import io.github.resnetspi.cli.report.RunResult;
import io.github.resnetspi.training.TrainConfig;
import io.github.resnetspi.training.data.DataLocator;
import io.github.resnetspi.training.data.Datasets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code compare}: trains the same network with the same seed, initial weights and data order on several backends,
 * each in its own JVM, one after the other, and writes the report, JSON, CSV and charts.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the same network on several backends and write a report with charts.",
                "Each backend runs in its own JVM with the same seed, initial weights and data order; the command writes",
                "DIR/report.md, results.json, results.csv, epochs.csv, loss.png and accuracy.png.",
                "A backend that is unavailable or crashes becomes a row with its error; the others still run.",
                "Default profile: quick."})
public final class CompareCommand implements Callable<Integer> {
    @Option(names = "--backends", split = ",", paramLabel = "A,B,C",
            description = "Backends to compare, in order (default: every engine backend found; name 'reference' to add "
                    + "the float64 reference, which trains ~10x slower).")
    List<String> backends;

    @Mixin
    TrainOptions options;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "compare-report", description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        Profile profile = options.profile != null ? options.profile : Profile.QUICK;
        TrainConfig cfg = options.resolve(Profile.QUICK);
        List<String> threadArgs = options.applyThreads();
        List<String> names = chosen(Backends.discover());
        boolean verbose = Main.isVerbose(spec);
        // Fetch and verify the dataset once here, so children never race to download it and a missing dataset is
        // one message rather than one error row per backend.
        Datasets.load(cfg.dataset(), DataLocator.standard(options.dataDir), cfg.seed());
        Files.createDirectories(out);
        Path runs = out.resolve("runs");
        Files.createDirectories(runs);
        w.printf("comparing %s: %s%n", String.join(", ", names), describe(cfg));
        w.flush();
        List<RunResult> results = new ArrayList<>();
        for (String name : names) {
            results.add(runOne(name, cfg, runs, w, verbose, threadArgs));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("profile", options.profile != null ? profile.label() : profile.label() + " (default)");
        settings.put("epochs", Integer.toString(cfg.epochs()));
        settings.putAll(cfg.identity());
        settings.put("device", options.device);
        settings.put("command", "resnet-spi compare --backends " + String.join(",", names) + " "
                + String.join(" ", TrainOptions.toArgs(cfg)));
        ComparisonReport report = new ComparisonReport("resnet-spi comparison: " + cfg.model() + " on " + cfg.dataset(),
                settings, results);
        ReportWriter.write(report, out);
        w.println();
        for (RunResult r : results) {
            w.println(String.format(Locale.ROOT, "%-12s ", r.backend()) + (r.ok() ? r.d2lLine() : "FAILED: " + r.error()));
        }
        w.println("report written to " + out.resolve("report.md") + " (also results.json, results.csv, epochs.csv, loss.png, accuracy.png)");
        w.flush();
        return results.stream().anyMatch(RunResult::ok) ? 0 : 1;
    }

    private List<String> chosen(Backends found) {
        List<String> available = found.byPreference().stream().map(BackendProvider::name).toList();
        if (backends == null || backends.isEmpty()) {
            // The float64 reference is a yardstick, not an engine: it joins a comparison only when named.
            List<String> names = available.stream().filter(n -> !n.equals(ReferenceProvider.NAME)).toList();
            if (names.isEmpty()) {
                throw new UsageException("no engine backend found on the class path" + (found.loadErrors().isEmpty() ? ""
                        : "; providers that failed to load: " + String.join("; ", found.loadErrors())));
            }
            return names;
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String b : backends) {
            String n = b.trim();
            if (n.isEmpty()) {
                throw new UsageException("--backends has an empty name; write e.g. --backends djl-pytorch,tensorflow");
            }
            if (!available.contains(n)) {
                throw new UsageException("unknown backend '" + n + "' in --backends; found: " + String.join(", ", available));
            }
            if (!unique.add(n)) {
                throw new UsageException("backend '" + n + "' is named twice in --backends");
            }
        }
        return new ArrayList<>(unique);
    }

    private RunResult runOne(String name, TrainConfig cfg, Path runs, PrintWriter w, boolean verbose, List<String> threadArgs)
            throws IOException {
        Path json = runs.resolve(name + ".json");
        Files.deleteIfExists(json);
        List<String> args = new ArrayList<>(List.of("train", "--backend", name));
        args.addAll(TrainOptions.toArgs(cfg));
        args.addAll(List.of("--device", options.device, "--result-json", json.toAbsolutePath().toString()));
        args.addAll(threadArgs);
        if (options.dataDir != null) {
            args.addAll(List.of("--data-dir", options.dataDir.toAbsolutePath().toString()));
        }
        List<String> stderr = new ArrayList<>();
        String prefix = String.format(Locale.ROOT, "[%s] ", name);
        w.println(prefix + "starting in a new JVM");
        w.flush();
        long t0 = System.nanoTime();
        int code = ChildJvm.run(ChildJvm.command(name, args), line -> {
            synchronized (w) {
                w.println(prefix + line);
                w.flush();
            }
        }, line -> {
            synchronized (stderr) {
                stderr.add(line);
            }
            if (verbose) {
                synchronized (w) {
                    w.println(prefix + "(stderr) " + line);
                    w.flush();
                }
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (code == 0 && Files.exists(json)) {
            RunResult r = new Gson().fromJson(Files.readString(json), RunResult.class);
            return new RunResult(r.backend(), r.engine(), r.engineVersion(), r.device(), null, r.history(),
                    r.examplesPerSecond(), r.d2lLine(), seconds);
        }
        String error = code == 0 ? "child JVM finished without writing " + json : ChildJvm.errorOf(stderr, code);
        w.println(prefix + "FAILED: " + error);
        w.flush();
        return RunResult.failed(name, error, seconds);
    }

    private static String describe(TrainConfig cfg) {
        return String.join(" ", TrainOptions.toArgs(cfg));
    }
}
