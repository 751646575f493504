package io.github.resnetspi.cli;

import io.github.resnetspi.api.DeviceRequest;
import io.github.resnetspi.api.Threads;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.train.LrSchedule;
import io.github.resnetspi.api.train.Sgd;
import io.github.resnetspi.cli.args.Networks;
import io.github.resnetspi.cli.args.UsageException;
import io.github.resnetspi.training.TrainConfig;
import io.github.resnetspi.training.data.AptInstaller;
import io.github.resnetspi.training.data.Datasets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The options {@code train} and {@code compare} share. Unset options take the profile's value. */
public final class TrainOptions {
    /**
     * The most epochs a run may have: every checkpoint keeps the whole per-epoch history in its header, which readers
     * cap at 100 MB (about 400 000 epochs).
     */
    static final int MAX_EPOCHS = 100_000;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Settings to start from: quick (default), d2l or smoke. Explicit options override them.")
    Profile profile;

    @Option(names = "--model", paramLabel = "NAME", description = "Network preset (see 'shapes --help'), e.g. d2l-resnet18, resnet-tiny.")
    String model;

    @Option(names = "--dataset", paramLabel = "NAME", description = "fashion-mnist, cifar10 or synthetic.")
    String dataset;

    @Option(names = "--epochs", paramLabel = "E", description = "Number of epochs.")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Examples per SGD step (at least 2).")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate.")
    Double lr;

    @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum in [0, 1) (profile default: quick 0.9, d2l 0, smoke 0.9).")
    Double momentum;

    @Option(names = "--weight-decay", paramLabel = "W", description = "L2 weight decay on every trainable tensor (default 0).")
    Double weightDecay;

    @Option(names = "--lr-step", paramLabel = "K", description = "Multiply the learning rate by --lr-gamma every K epochs.")
    Integer lrStep;

    @Option(names = "--lr-gamma", paramLabel = "G", description = "Factor for --lr-step (default 0.1).")
    Double lrGamma;

    @Option(names = "--lr-warmup", paramLabel = "W", description = "Step by step, raise the learning rate linearly from a"
            + " tenth of --lr to --lr over the first W epochs (fractions allowed, 0 for none), then lower it linearly to 0"
            + " at the end of the run.")
    Double lrWarmup;

    @Option(names = "--resize", paramLabel = "S", description = "Resize images to SxS (bilinear, as torchvision/PIL); 0 keeps the stored size.")
    Integer resize;

    @Option(names = "--limit-train", paramLabel = "N", description = "Use only the first N training examples (0 = all).")
    Integer limitTrain;

    @Option(names = "--limit-test", paramLabel = "N", description = "Use only the first N test examples (0 = all).")
    Integer limitTest;

    @Option(names = "--device", paramLabel = "D", description = "auto, cpu, gpu or gpu:N (default auto).")
    String device;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the initial weights and of the data order (default 1).")
    Long seed;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory holding the dataset files: the only place looked; it must exist.")
    Path dataDir;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads every engine computes with (default:"
            + " -Dresnetspi.threads, $RESNETSPI_THREADS, else every available processor; an engine's own setting such as"
            + " OMP_NUM_THREADS still wins).")
    Integer threads;

    /**
     * Makes {@code --threads} the process's neutral thread setting before any engine loads (engines size their thread
     * pools when their natives load), and returns the option for a child JVM. Without {@code --threads}, checks the
     * setting the engines will use ({@code -Dresnetspi.threads}, {@code RESNETSPI_THREADS}) now.
     */
    List<String> applyThreads() {
        if (threads == null) {
            Threads.processDefault(); // a bad -Dresnetspi.threads or RESNETSPI_THREADS fails here, before anything runs
            return List.of();
        }
        if (threads < 1) {
            throw new UsageException("--threads must be a positive whole number, got " + threads);
        }
        String problem = Threads.outOfRange(threads);
        if (problem != null) {
            throw new UsageException("--threads " + problem);
        }
        Threads.setProcessDefault(threads);
        return List.of("--threads", Integer.toString(threads));
    }

    /** The device asked for: {@code --device}, else {@code auto}. */
    String device() {
        return or(device, "auto");
    }

    /** Whether {@code --device} was given. */
    boolean deviceGiven() {
        return device != null;
    }

    /** Settings after applying {@code --profile} (or else {@code fallback}) and the explicit options, validated. */
    TrainConfig resolve(Profile fallback) {
        return resolve((profile != null ? profile : fallback).config());
    }

    /**
     * {@code base} with every explicitly given option applied, validated; {@code --profile}, when given, replaces
     * {@code base}. The seed is {@code --seed}, else the base's.
     */
    TrainConfig resolve(TrainConfig base) {
        TrainConfig p = profile != null ? profile.config() : base;
        String ds = usage(() -> Datasets.canonical(or(dataset, p.dataset())));
        String m = or(model, p.model());
        usage(() -> Presets.get(m));
        int runEpochs = positive("--epochs", or(epochs, p.epochs()));
        if (runEpochs > MAX_EPOCHS) {
            throw new UsageException("--epochs must be at most " + MAX_EPOCHS + " (every checkpoint keeps the whole"
                    + " per-epoch history), got " + runEpochs);
        }
        int b = or(batchSize, p.batchSize());
        if (b < 2) {
            throw new UsageException("--batch-size must be at least 2 (batch norm needs two examples per step), got " + b);
        }
        double rate = or(lr, p.sgd().learningRate());
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new UsageException("--lr must be a positive number, got " + rate);
        }
        double mom = or(momentum, p.sgd().momentum());
        if (!(mom >= 0 && mom < 1)) {
            throw new UsageException("--momentum must be in [0, 1), got " + mom);
        }
        double wd = or(weightDecay, p.sgd().weightDecay());
        if (!(wd >= 0) || Double.isInfinite(wd)) {
            throw new UsageException("--weight-decay must be zero or positive, got " + wd);
        }
        if (lrGamma != null && lrStep == null) {
            throw new UsageException("--lr-gamma needs --lr-step K (the number of epochs between decays)");
        }
        LrSchedule schedule = usage(() -> p.sgd().schedule().forRun(runEpochs)); // a warm-up's decay ends with the run
        if (lrWarmup != null && lrStep != null) {
            throw new UsageException("--lr-warmup and --lr-step are two schedules: give one of them");
        }
        if (lrWarmup != null) {
            if (!(lrWarmup >= 0 && lrWarmup < runEpochs)) {
                throw new UsageException("--lr-warmup must be from 0 to fewer than the run's " + runEpochs + " epochs, got " + lrWarmup);
            }
            schedule = LrSchedule.warmupLinear(lrWarmup, runEpochs);
        }
        if (lrStep != null) {
            double g = or(lrGamma, 0.1);
            if (!(g > 0) || Double.isInfinite(g)) {
                throw new UsageException("--lr-gamma must be a positive number, got " + g);
            }
            schedule = LrSchedule.stepDecay(positive("--lr-step", lrStep), g);
        }
        int size = or(resize, p.resize());
        if (size < 0 || size > 1024) {
            throw new UsageException("--resize must be between 1 and 1024 (or 0 to keep the stored size), got " + size);
        }
        int lt = notNegative("--limit-train", or(limitTrain, p.limitTrain()));
        int ls = notNegative("--limit-test", or(limitTest, p.limitTest()));
        if (lt == 1) {
            throw new UsageException("--limit-train must be at least 2 (one batch-norm step needs two examples), got 1");
        }
        usage(() -> DeviceRequest.parse(device()));
        TrainConfig cfg = new TrainConfig(m, ds, size, lt, ls, runEpochs, b, new Sgd(rate, mom, wd, schedule), or(seed, p.seed()));
        TensorLimit.requireFits("a batch of --batch-size " + b + (size > 0 ? " at --resize " + size : ""),
                Networks.of(cfg).inputShape().withBatch(b), "use a smaller --batch-size or --resize");
        return cfg;
    }

    /** The settings that {@link #toArgs} wrote, read back (e.g. from a comparison's plan file). */
    public static TrainConfig fromArgs(List<String> args) {
        TrainOptions o = new TrainOptions();
        new CommandLine(o).parseArgs(args.toArray(String[]::new));
        // toArgs writes every setting but a constant schedule, which is written by leaving --lr-step out.
        TrainConfig q = Profile.QUICK.config();
        return o.resolve(new TrainConfig(q.model(), q.dataset(), q.resize(), q.limitTrain(), q.limitTest(), q.epochs(),
                q.batchSize(), new Sgd(q.sgd().learningRate(), q.sgd().momentum(), q.sgd().weightDecay(),
                LrSchedule.constant()), q.seed()));
    }

    /**
     * Installs Debian's Fashion-MNIST package when the dataset is missing and its download failed, where apt-get is
     * usable ({@link AptInstaller}); says so in one line on {@code out}.
     */
    static AptInstaller apt(PrintWriter out) {
        return AptInstaller.standard(line -> {
            out.println("resnet-spi: " + line);
            out.flush();
        });
    }


    /** The options that reproduce {@code cfg} exactly, for a child JVM. */
    public static List<String> toArgs(TrainConfig cfg) {
        List<String> a = new ArrayList<>(List.of("--model", cfg.model(), "--dataset", cfg.dataset(),
                "--resize", Integer.toString(cfg.resize()), "--limit-train", Integer.toString(cfg.limitTrain()),
                "--limit-test", Integer.toString(cfg.limitTest()), "--epochs", Integer.toString(cfg.epochs()),
                "--batch-size", Integer.toString(cfg.batchSize()), "--lr", Double.toString(cfg.sgd().learningRate()),
                "--momentum", Double.toString(cfg.sgd().momentum()),
                "--weight-decay", Double.toString(cfg.sgd().weightDecay()), "--seed", Long.toString(cfg.seed())));
        if (cfg.sgd().schedule() instanceof LrSchedule.StepDecay d) {
            a.addAll(List.of("--lr-step", Integer.toString(d.everyEpochs()), "--lr-gamma", Double.toString(d.gamma())));
        } else if (cfg.sgd().schedule() instanceof LrSchedule.WarmupLinear w) {
            a.addAll(List.of("--lr-warmup", Double.toString(w.warmupEpochs())));
        }
        return a;
    }

    /** Runs a check whose IllegalArgumentException means a bad option value. */
    static <T> T usage(java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static int positive(String name, int v) {
        if (v <= 0) {
            throw new UsageException(name + " must be a positive whole number, got " + v);
        }
        return v;
    }

    private static int notNegative(String name, int v) {
        if (v < 0) {
            throw new UsageException(name + " must be zero (no limit) or positive, got " + v);
        }
        return v;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
