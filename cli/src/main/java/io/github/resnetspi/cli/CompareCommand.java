package io.github.resnetspi.cli;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.Role;
import io.github.resnetspi.cli.args.UsageException;
import io.github.resnetspi.cli.cell.Cell;
import io.github.resnetspi.cli.cell.CellFiles;
import io.github.resnetspi.cli.cell.HostEnvironment;
import io.github.resnetspi.cli.compare.ComparisonDirectory;
import io.github.resnetspi.cli.compare.ComparisonPlan;
import io.github.resnetspi.cli.exec.CellTask;
import io.github.resnetspi.cli.exec.Executor;
import io.github.resnetspi.cli.exec.LocalExecutor;
import io.github.resnetspi.cli.exec.ShellLine;
import io.github.resnetspi.cli.exec.SlurmExecutor;
import io.github.resnetspi.cli.inference.InferenceComparison;
import io.github.resnetspi.cli.inference.InferenceOptions;
import io.github.resnetspi.cli.report.ComparisonReport;
import io.github.resnetspi.cli.report.ReportWriter;
import io.github.resnetspi.training.RunDirectoryLock;
import io.github.resnetspi.training.TrainConfig;
import io.github.resnetspi.training.data.DataLocator;
import io.github.resnetspi.training.data.Datasets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code compare}: a matrix of cells, backend × seed, each trained in its own JVM with the seed's initial weights and
 * data order (the same for every backend); every cell writes its result and checkpoints into its directory under
 * {@code --out}, and the report (aggregates over the seeds, significance verdicts, charts) is built from those files.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the same network on several backends, from one or more seeds, and write a",
                "report with charts. Each cell (backend x seed) runs in its own JVM; seed S gives",
                "the same initial weights and data order on every backend. The report gives each",
                "backend's mean, sd and range over the seeds, whether each pair differs beyond",
                "seed noise (Welch's t-test), time to accuracy and the environment:",
                "DIR/report.md, results.json, results.csv, runs.csv, epochs.csv, loss.png,",
                "accuracy.png, time-to-accuracy.png. A cell that fails becomes a row with its",
                "error; the others still run. --resume continues an interrupted comparison.",
                "--executor slurm submits one sbatch job per cell (docs/scale.md).",
                "Default profile: quick. --task inference measures EVAL forwards instead",
                "(latency at batch 1, throughput) against native PyTorch (docs/cli.md)."})
public final class CompareCommand implements Callable<Integer> {
    /** The time-to-accuracy target when none is given. */
    public static final double DEFAULT_TARGET = 0.85;
    /** An engine backend that joins a comparison only when {@code --backends} names it. */
    static final String NAMED_ONLY = "dl4j";

    @Option(names = "--backends", split = ",", paramLabel = "A,B,C",
            description = "Backends to compare, in order (default: every engine backend found that trains, but dl4j; name "
                    + "'reference' to add the float64 reference, which trains ~10x slower, and 'dl4j' to add Deeplearning4j).")
    List<String> backends;

    @Mixin
    TrainOptions options;

    @Option(names = "--repeat", paramLabel = "N",
            description = "Runs per backend, from seeds S … S+N−1 (S = --seed, default 1); default 1. With N ≥ 2 the report "
                    + "tests whether backends differ beyond seed noise (3 or more recommended).")
    Integer repeat;

    @Option(names = "--target-accuracy", paramLabel = "X",
            description = "Test accuracy whose first reaching the report times (default " + DEFAULT_TARGET + ").")
    Double targetAccuracy;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Cells run at once (default 1). With --device gpu each gets its own GPU, gpu:0 … gpu:N−1; with "
                    + "--device cpu they share the CPU and the report warns that throughput is distorted.")
    Integer parallel;

    @Option(names = "--executor", paramLabel = "NAME", description = "Where cells run: local (default; child JVMs on "
            + "this machine) or slurm (one sbatch job per cell; the output directory, this checkout and its JDK must be on "
            + "a file system the compute nodes share).")
    String executor;

    @Mixin
    SlurmOptions slurm;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "compare-report", description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", description = "Continue the comparison in --out DIR: finished cells are kept, interrupted "
            + "ones continue from their last checkpoint, failed and missing ones run; settings not given are DIR's.")
    boolean resume;

    @Mixin
    InferenceOptions inference;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        inference.requireOptionsOf(spec.commandLine().getParseResult());
        if (inference.inference()) {
            options.applyThreads();
            return new InferenceComparison(InferenceComparison.settings(inference, chosen(Backends.discover(), false),
                    options.model, options.dataset, options.resize, options.seed, options.device(), options.threads), out, w,
                    Main.isVerbose(spec))
                    .run(commandLine(), inference.weights());
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is a file; name a directory (it is created when missing)");
        }
        // A comparison still running there is named as such, before its plan is taken for one to --resume.
        RunDirectoryLock.checkNotInUse(out);
        ComparisonDirectory dir = new ComparisonDirectory(out);
        Optional<ComparisonPlan> existing = dir.readPlan();
        ComparisonPlan plan;
        if (resume) {
            plan = resumed(existing.orElseThrow(() -> new UsageException("--resume: " + out + " holds no comparison (no "
                    + ComparisonDirectory.PLAN + "); run without --resume to start one there")));
        } else if (existing.isPresent()) {
            long done = dir.results(existing.get()).stream().filter(r -> r.ok()).count();
            throw new UsageException(out + " already holds a comparison (" + done + " of " + existing.get().cells().size()
                    + " cells finished); pass --resume to continue it (finished cells are kept), or choose another --out DIR");
        } else {
            plan = fresh();
        }
        Executor ex = executor(plan, w); // first: a missing sbatch is reported before anything is written
        // Held to the end: a second compare (or report) on the same directory is refused, naming this one's PID.
        try (RunDirectoryLock lock = RunDirectoryLock.acquire(out)) {
            return run(plan, dir, ex, w);
        }
    }

    private int run(ComparisonPlan plan, ComparisonDirectory dir, Executor ex, PrintWriter w) throws IOException {
        TrainConfig cfg = plan.config();
        // Fetch and verify the dataset once here, so children never race to download it and a missing dataset is
        // one message rather than one error row per cell.
        Datasets.load(cfg.dataset(), DataLocator.standard(options.dataDir), cfg.seed(), TrainOptions.apt(w));
        dir.writePlan(plan);
        List<CellTask> tasks = new ArrayList<>();
        for (Cell c : plan.cells()) {
            CellFiles files = dir.cell(c);
            if (!dir.result(plan, c).ok()) {
                tasks.add(new CellTask(c, files, arguments(plan, c, files), plan.device()));
            }
        }
        w.printf("comparing %s over %s: %s%n", String.join(", ", plan.backends()),
                plan.repeat() == 1 ? "seed " + plan.firstSeed() : plan.repeat() + " seeds (" + plan.firstSeed() + "–"
                        + (plan.firstSeed() + plan.repeat() - 1) + ")", String.join(" ", TrainOptions.toArgs(cfg)));
        w.println(tasks.isEmpty() ? "every cell has finished already; rebuilding the report"
                : tasks.size() + " of " + plan.cells().size() + " cells to run" + (resume ? " (finished ones are kept)" : ""));
        w.flush();
        if (!ex.run(tasks)) {
            w.println("the cells were handed to the " + ex.name() + " executor: 'resnet-spi report " + out
                    + "' builds the report from what they have written so far, and 'resnet-spi compare --out " + out
                    + " --resume' waits for those still queued or running and resubmits those that failed");
            w.flush();
            return 0;
        }
        ComparisonReport report = dir.report(plan, plan.targetAccuracy());
        ReportWriter.write(report, out);
        w.println();
        return ReportCommand.printSummary(report, out, w);
    }

    private ComparisonPlan fresh() {
        TrainConfig cfg = options.resolve(Profile.QUICK);
        options.applyThreads();
        List<String> names = chosen(Backends.discover(), true);
        String device = options.device();
        int n = repeat(1);
        requireSeeds(cfg.seed(), n);
        int par = parallel(device, positive("--parallel", parallel, 1));
        String profile = options.profile != null ? options.profile.label() : Profile.QUICK.label() + " (default)";
        String ex = executorName();
        return new ComparisonPlan(ComparisonPlan.FORMAT, "resnet-spi comparison: " + cfg.model() + " on " + cfg.dataset(),
                profile, cfg, cfg.seed(), n, names, device, options.threads, ex,
                executorArgs(ex, device, List.of()), par, target(DEFAULT_TARGET), commandLine(),
                HostEnvironment.current(device.startsWith("gpu")));
    }

    /**
     * The plan in {@code --out} with what this command changes: settings not given are the plan's; given ones must
     * match it, except that {@code --repeat} may grow (adding seeds), and {@code --parallel}, {@code --executor} (with
     * its options: given ones replace the plan's, others are kept while the executor stays) and
     * {@code --target-accuracy} may change.
     */
    private ComparisonPlan resumed(ComparisonPlan old) {
        TrainConfig base = old.config();
        TrainConfig cfg = options.resolve(base);
        if (!cfg.equals(base)) {
            throw new UsageException("--resume: " + out + " was started with " + difference(base, cfg)
                    + "; leave the settings as they were (settings not given are taken from " + out + ")");
        }
        List<String> names = backends == null ? old.backends() : chosen(Backends.discover(), true);
        if (!names.equals(old.backends())) {
            throw new UsageException("--resume: " + out + " compares " + String.join(",", old.backends())
                    + ", this command names " + String.join(",", names) + "; omit --backends to continue it");
        }
        String device = options.deviceGiven() ? options.device() : old.device();
        if (!device.equals(old.device())) {
            throw new UsageException("--resume: " + out + " runs on --device " + old.device() + ", this command asks for "
                    + device + "; omit --device to continue it");
        }
        options.applyThreads();
        Integer threads = options.threads != null ? options.threads : old.threads();
        if (!Objects.equals(threads, old.threads())) {
            throw new UsageException("--resume: " + out + " runs with " + (old.threads() == null ? "each engine's default"
                    + " thread count" : "--threads " + old.threads()) + ", this command asks for --threads " + threads
                    + "; omit --threads to continue it");
        }
        int n = repeat(old.repeat());
        if (n < old.repeat()) {
            throw new UsageException("--resume: " + out + " already plans " + old.repeat() + " seeds; --repeat may add "
                    + "seeds but not drop them (got " + n + ")");
        }
        requireSeeds(old.firstSeed(), n);
        int par = parallel(device, positive("--parallel", parallel, old.parallel()));
        String ex = executor != null ? executorName() : old.executor();
        List<String> exArgs = executorArgs(ex, device, ex.equals(old.executor()) ? old.executorArgs() : List.of());
        return new ComparisonPlan(old.format(), old.title(), old.profile(), old.settings(), old.firstSeed(), n, names,
                device, threads, ex, exArgs, Math.max(par, old.parallel()), target(old.targetAccuracy()), old.command(),
                old.host());
    }

    /** {@code seed=1, this command has seed=2}: the first setting in which two configurations differ. */
    private static String difference(TrainConfig was, TrainConfig now) {
        if (was.epochs() != now.epochs()) {
            return "epochs=" + was.epochs() + ", this command has epochs=" + now.epochs();
        }
        for (Map.Entry<String, String> e : was.identity().entrySet()) {
            String other = now.identity().get(e.getKey());
            if (!Objects.equals(e.getValue(), other)) {
                return e.getKey() + "=" + e.getValue() + ", this command has " + e.getKey() + "=" + other;
            }
        }
        return "other settings";
    }

    /** The cell's {@code train} arguments without the device, which the executor adds. */
    private List<String> arguments(ComparisonPlan plan, Cell c, CellFiles files) {
        List<String> args = new ArrayList<>(List.of("train", "--backend", c.backend()));
        args.addAll(TrainOptions.toArgs(plan.config(c)));
        args.addAll(List.of("--result-json", files.result().toAbsolutePath().toString(),
                "--checkpoint", files.checkpoints().toAbsolutePath().toString()));
        // Not --resume: a job that a scheduler restarts reruns this command, whether a checkpoint exists by then or not.
        args.add("--resume-if-present");
        if (plan.threads() != null) {
            args.addAll(List.of("--threads", Integer.toString(plan.threads())));
        }
        if (options.dataDir != null) {
            args.addAll(List.of("--data-dir", options.dataDir.toAbsolutePath().toString()));
        }
        return args;
    }

    private Executor executor(ComparisonPlan plan, PrintWriter w) {
        if (plan.executor().equals(SlurmExecutor.NAME)) {
            // The SLURM commands run with this process's environment (PATH, SLURM_CONF), as in a shell.
            return SlurmExecutor.create(Map.of(), SlurmOptions.placement(plan.executorArgs(), plan.device()),
                    plan.device(), slurm.poll(), !slurm.noWait, out, w, Main.isVerbose(spec));
        }
        int par = positive("--parallel", parallel, plan.parallel());
        return LocalExecutor.create(par, plan.device(), w, Main.isVerbose(spec));
    }

    private String executorName() {
        String name = executor == null ? LocalExecutor.NAME : executor.trim();
        if (!name.equals(LocalExecutor.NAME) && !name.equals(SlurmExecutor.NAME)) {
            throw new UsageException("unknown --executor '" + executor + "'; use " + LocalExecutor.NAME
                    + " (child JVMs on this machine) or " + SlurmExecutor.NAME + " (one sbatch job per cell)");
        }
        return name;
    }

    /**
     * The executor's options for the plan: for {@code slurm} those given over {@code planned}; for {@code local}
     * none, and a SLURM option given with it is refused.
     */
    private List<String> executorArgs(String name, String device, List<String> planned) {
        if (name.equals(SlurmExecutor.NAME)) {
            if (parallel != null && parallel > 1) {
                throw new UsageException("--parallel is an option of --executor local; with --executor slurm every cell is"
                        + " a job of its own, and SLURM runs as many at once as it schedules");
            }
            return slurm.plan(device, planned);
        }
        Optional<String> given = slurm.firstGiven();
        if (given.isPresent()) {
            throw new UsageException(given.get() + " is an option of --executor slurm; add --executor slurm, or leave "
                    + given.get() + " out");
        }
        return List.of();
    }

    /** {@code --repeat}, else {@code fallback}: from 1 to {@link ComparisonPlan#MAX_REPEAT}. */
    private int repeat(int fallback) {
        int n = positive("--repeat", repeat, fallback);
        if (n > ComparisonPlan.MAX_REPEAT) {
            throw new UsageException("--repeat must be at most " + ComparisonPlan.MAX_REPEAT + " runs per backend, got " + n);
        }
        return n;
    }

    /** Refuses seeds {@code first … first+repeat−1} that would run past the largest seed. */
    private static void requireSeeds(long first, int repeat) {
        String problem = ComparisonPlan.seedsProblem(first, repeat);
        if (problem != null) {
            throw new UsageException(problem + ": use a --seed of at most " + (Long.MAX_VALUE - (repeat - 1))
                    + " with --repeat " + repeat);
        }
    }

    /** {@code requested} cells at once, checked against the device: several need a GPU each, or the CPU named. */
    private static int parallel(String device, int requested) {
        if (requested > ComparisonPlan.MAX_PARALLEL) {
            throw new UsageException("--parallel must be at most " + ComparisonPlan.MAX_PARALLEL + " cells at once, got "
                    + requested);
        }
        if (requested > 1 && !device.equals("gpu") && !device.equals("cpu")) {
            throw new UsageException("--parallel " + requested + " needs --device gpu (each cell gets its own GPU, gpu:0 … gpu:"
                    + (requested - 1) + ") or --device cpu (the cells share the CPU, which distorts throughput); got --device " + device);
        }
        return requested;
    }

    private double target(double fallback) {
        double t = targetAccuracy != null ? targetAccuracy : fallback;
        if (!(t > 0 && t <= 1)) {
            throw new UsageException("--target-accuracy must be in (0, 1], got " + t);
        }
        return t;
    }

    private static int positive(String name, Integer value, int fallback) {
        int v = value != null ? value : fallback;
        if (v < 1) {
            throw new UsageException(name + " must be a positive whole number, got " + v);
        }
        return v;
    }

    /** The command as typed, for the report: {@code resnet-spi compare --repeat 3 …}. */
    private String commandLine() {
        List<String> words = new ArrayList<>(List.of("resnet-spi"));
        words.addAll(spec.root().commandLine().getParseResult().originalArgs());
        return ShellLine.of(words);
    }

    /** The backends of {@code --backends}, or every engine backend; with {@code training}, only those that train. */
    private List<String> chosen(Backends found, boolean training) {
        List<String> available = found.byPreference().stream().map(Backend::name).toList();
        if (backends == null || backends.isEmpty()) {
            // A yardstick (the float64 reference) is not an engine: it joins a comparison only when named. A backend
            // that cannot train (inference only) is left out, saying why. dl4j joins only when named, until its time in the
            // quick profile is measured (the README states that profile's time).
            List<String> names = new ArrayList<>();
            for (Backend b : found.byPreference()) {
                String why = training ? BackendArgument.whyNotTraining(b) : null;
                if (why != null) {
                    PrintWriter w = spec.commandLine().getOut();
                    w.printf("leaving out %s: it does not train (%s)%n", b.name(), why);
                    w.flush();
                } else if (!b.roles().contains(Role.YARDSTICK) && !b.name().equals(NAMED_ONLY)) {
                    names.add(b.name());
                }
            }
            if (names.isEmpty()) {
                throw new UsageException("no engine backend found on the class path" + (found.loadErrors().isEmpty() ? ""
                        : "; providers that failed to load: " + String.join("; ", found.loadErrors())));
            }
            return names;
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String b : backends) {
            String typed = b.trim();
            if (typed.isEmpty()) {
                throw new UsageException("--backends has an empty name; write e.g. --backends djl-pytorch,tensorflow");
            }
            // names match in any case, as Backends.select does: the plan records the provider's own spelling
            String n = available.stream().filter(a -> a.equalsIgnoreCase(typed)).findFirst().orElseThrow(() ->
                    new UsageException("unknown backend '" + typed + "' in --backends; found: " + String.join(", ", available)));
            if (!unique.add(n)) {
                throw new UsageException("backend '" + n + "' is named twice in --backends");
            }
            String why = training ? BackendArgument.whyNotTraining(found.get(n)) : null;
            if (why != null) {
                throw BackendArgument.cannotTrain(n, why, "compare");
            }
        }
        return new ArrayList<>(unique);
    }
}
