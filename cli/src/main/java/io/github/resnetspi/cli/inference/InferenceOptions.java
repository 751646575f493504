package io.github.resnetspi.cli.inference;

import io.github.resnetspi.cli.args.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code compare}'s {@code --task} and the options of {@code --task inference}. With {@code --task inference} only
 * the options that describe the network, its weights, the backends and the measurement apply; a training option is
 * refused, and so is an inference option given to {@code --task train}.
 */
public final class InferenceOptions {
    public static final String TRAIN = "train";
    public static final String INFERENCE = "inference";
    /** compare's options that keep their meaning with {@code --task inference}. */
    static final Set<String> SHARED = Set.of("--backends", "--model", "--dataset", "--resize", "--seed", "--device",
            "--threads", "--out", "--help", "--version");
    static final Set<String> OWN = Set.of("--task", "--weights", "--names", "--warmup", "--runs", "--throughput-batch",
            "--throughput-runs", "--rounds");

    @Option(names = "--task", paramLabel = "TASK", description = "train (default): train the network on every backend; "
            + "inference: EVAL-mode forward latency at batch 1 and throughput of every backend and native PyTorch, from the "
            + "same weights (docs/cli.md, \"compare --task inference\").")
    String task;

    @Option(names = "--weights", paramLabel = "FILE", description = "--task inference: weights to run (a checkpoint, or a "
            + "state_dict with --names); default: the preset's initial state from --seed.")
    Path weights;

    @Option(names = "--names", paramLabel = "NAMES", description = "--task inference: names of --weights' tensors: "
            + "resnet-spi (default), torchvision or d2l.")
    String names;

    @Option(names = "--warmup", paramLabel = "N", description = "--task inference: untimed batch-1 forwards before the "
            + "timed ones, per round (default 20).")
    Integer warmup;

    @Option(names = "--runs", paramLabel = "N", description = "--task inference: timed batch-1 forwards per round "
            + "(default 200).")
    Integer runs;

    @Option(names = "--throughput-batch", paramLabel = "B", description = "--task inference: batch of the throughput "
            + "forwards (default 64).")
    Integer throughputBatch;

    @Option(names = "--throughput-runs", paramLabel = "N", description = "--task inference: timed forwards at that batch "
            + "per round (default 10).")
    Integer throughputRuns;

    @Option(names = "--rounds", paramLabel = "N", description = "--task inference: rounds, each running every side once in "
            + "an order rotated by one (default 3).")
    Integer rounds;

    /** @return {@code --weights}, or null */
    public Path weights() {
        return weights;
    }

    /** @return whether {@code --task inference} was asked for; an unknown task is refused */
    public boolean inference() {
        if (task == null || task.trim().equalsIgnoreCase(TRAIN)) {
            return false;
        }
        if (task.trim().equalsIgnoreCase(INFERENCE)) {
            return true;
        }
        throw new UsageException("unknown --task '" + task + "'; use " + TRAIN + " (the default) or " + INFERENCE);
    }

    /**
     * Refuses what does not belong to the task: with {@code inference}, any option but the shared ones and its own;
     * with {@code train}, the inference options.
     */
    public void requireOptionsOf(ParseResult parsed) {
        boolean inference = inference();
        for (OptionSpec o : parsed.matchedOptions()) {
            String name = o.longestName();
            if (inference && !SHARED.contains(name) && !OWN.contains(name)) {
                throw new UsageException(name + " is an option of --task " + TRAIN + "; --task " + INFERENCE
                        + " takes " + String.join(", ", List.of("--backends", "--model", "--dataset", "--resize", "--seed",
                        "--weights", "--names", "--device", "--threads", "--warmup", "--runs", "--throughput-batch",
                        "--throughput-runs", "--rounds", "--out")));
            }
            if (!inference && OWN.contains(name) && !name.equals("--task")) {
                throw new UsageException(name + " is an option of --task " + INFERENCE + "; add --task " + INFERENCE
                        + " or leave " + name + " out");
            }
        }
    }

    /** The measurement's counts, validated; the rest of the settings as given. */
    InferenceSettings settings(String model, String dataset, int resize, long seed, List<String> backends, String device,
                               Integer threads) {
        int w = atLeast("--warmup", warmup, 20, 0);
        int r = atLeast("--runs", runs, 200, 1);
        int b = atLeast("--throughput-batch", throughputBatch, 64, 1);
        int tr = atLeast("--throughput-runs", throughputRuns, 10, 1);
        int rd = atLeast("--rounds", rounds, 3, 1);
        if (rd > 100 || r > 1_000_000 || w > 1_000_000 || tr > 1_000_000) {
            throw new UsageException("--rounds must be at most 100, and --runs, --warmup and --throughput-runs at most"
                    + " 1000000");
        }
        return new InferenceSettings(model, dataset, resize, seed, weights == null ? null : weights.toString(),
                names, backends, device, threads, w, r, b, tr, rd);
    }

    private static int atLeast(String name, Integer value, int fallback, int least) {
        int v = value != null ? value : fallback;
        if (v < least) {
            throw new UsageException(name + " must be " + (least == 0 ? "zero or a positive whole number" : "a positive"
                    + " whole number") + ", got " + v);
        }
        return v;
    }
}
