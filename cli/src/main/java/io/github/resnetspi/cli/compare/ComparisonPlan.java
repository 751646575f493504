package io.github.resnetspi.cli.compare;

import io.github.resnetspi.cli.cell.Cell;
import io.github.resnetspi.cli.exec.LocalExecutor;
import io.github.resnetspi.cli.exec.ShellLine;
import io.github.resnetspi.cli.cell.HostEnvironment;
import io.github.resnetspi.training.TrainConfig;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a comparison is, as {@code comparison.json} in its directory keeps it: the training settings every cell
 * shares (a {@link TrainConfig}, seed included, stored in {@link io.github.resnetspi.training.TrainConfigJson}'s form), the backends, how many seeds ({@code seed … seed+repeat−1}),
 * the device and thread count, how the cells are run, the accuracy time-to-accuracy counts to, the command as typed and the machine
 * it was started on. The matrix of cells follows from it; the report is built from it and the cells' files.
 *
 * @param settings    the shared training settings, with the first seed
 * @param threads     {@code --threads} for every cell, or null for each engine's default
 * @param executor    where cells run ({@code --executor})
 * @param executorArgs the executor's own {@code compare} options, as given or kept from before (for {@code slurm}:
 *                    {@code --partition=gpu}, {@code --time=04:00:00}, …), so that a resumed comparison's cells run
 *                    the same way
 * @param parallel    the most cells that ran at once (kept at its highest over resumed runs, for the report's warning)
 */
public record ComparisonPlan(String format, String title, String profile, TrainConfig settings, long firstSeed,
                             int repeat, List<String> backends, String device, Integer threads, String executor,
                             List<String> executorArgs, int parallel, double targetAccuracy, String command,
                             HostEnvironment host) {
    public static final String FORMAT = "resnet-spi comparison v2";
    /** The most runs per backend ({@code --repeat}): beyond it the seeds' noise is long measured, and a slip runs forever. */
    public static final int MAX_REPEAT = 1000;
    /** The most cells run at once ({@code --parallel}). */
    public static final int MAX_PARALLEL = 64;
    private static final Pattern BACKEND_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    /**
     * Checks the plan as data, whether {@code compare} made it or it was read from a file: every field present and in
     * range; a plan file edited or damaged into another shape is refused with what is wrong.
     */
    public ComparisonPlan {
        if (settings == null || backends == null
                || backends.stream().anyMatch(Objects::isNull) || device == null || executor == null) {
            throw new IllegalArgumentException("a comparison plan needs its training settings, backends, device and executor");
        }
        backends = List.copyOf(backends);
        executorArgs = executorArgs == null ? List.of() : List.copyOf(executorArgs);
        if (title == null || profile == null || command == null) {
            throw new IllegalArgumentException("a comparison plan needs its title, profile and command (the report shows them)");
        }
        if (executorArgs.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("the executor's options (executorArgs) hold an empty entry");
        }
        if (repeat < 1 || repeat > MAX_REPEAT) {
            throw new IllegalArgumentException("repeat must be from 1 to " + MAX_REPEAT + " runs per backend, got " + repeat);
        }
        String seeds = seedsProblem(firstSeed, repeat);
        if (seeds != null) {
            throw new IllegalArgumentException(seeds);
        }
        if (backends.isEmpty() || Set.copyOf(backends).size() != backends.size()
                || !backends.stream().allMatch(b -> BACKEND_NAME.matcher(b).matches())) {
            // a name is a directory of the comparison (cells/NAME/seed-S): no separators, no "..".
            throw new IllegalArgumentException("backends must name one or more backends, each once (letters, digits, '-',"
                    + " '_', '.'; not starting with '.'), got " + backends);
        }
        if (parallel < 1 || parallel > MAX_PARALLEL) {
            throw new IllegalArgumentException("parallel must be from 1 to " + MAX_PARALLEL + " cells at once, got " + parallel);
        }
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("threads must be a positive whole number or null, got " + threads);
        }
        if (!(targetAccuracy > 0 && targetAccuracy <= 1)) {
            throw new IllegalArgumentException("targetAccuracy must be in (0, 1], got " + targetAccuracy);
        }
    }

    /**
     * Why seeds {@code first … first+repeat−1} cannot be run, or null: they must not pass {@link Long#MAX_VALUE}
     * (the next would wrap round to the most negative seed).
     */
    public static String seedsProblem(long first, int repeat) {
        if (repeat >= 1 && first > Long.MAX_VALUE - (repeat - 1)) {
            return "seeds " + first + " … " + first + "+" + (repeat - 1) + " would run past the largest seed, "
                    + Long.MAX_VALUE;
        }
        return null;
    }

    /** The shared settings, with the first seed. */
    public TrainConfig config() {
        return settings;
    }

    /** The settings of {@code cell}: the shared ones with the cell's seed. */
    public TrainConfig config(Cell cell) {
        return config().withSeed(cell.seed());
    }

    /** The seeds, in order: a view computed on access, never a list held in memory. */
    public List<Long> seeds() {
        return new AbstractList<>() {
            @Override
            public Long get(int i) {
                return firstSeed + Objects.checkIndex(i, repeat);
            }

            @Override
            public int size() {
                return repeat;
            }
        };
    }

    /**
     * Every cell, seed by seed: all backends at the first seed, then all at the next, so that an interrupted
     * comparison already compares every backend on the seeds it finished. A view computed on access.
     */
    public List<Cell> cells() {
        int n = backends.size();
        return new AbstractList<>() {
            @Override
            public Cell get(int i) {
                Objects.checkIndex(i, size());
                return new Cell(backends.get(i % n), firstSeed + i / n);
            }

            @Override
            public int size() {
                return repeat * n;
            }
        };
    }

    /**
     * How the cells ran, for the report: {@code local, one cell at a time}, {@code local, up to 2 cells at once}, or
     * {@code slurm, one job per cell (--partition=gpu --time=04:00:00)}.
     */
    public String executorDescription() {
        if (executor.equals(LocalExecutor.NAME)) {
            return executor + (parallel > 1 ? ", up to " + parallel + " cells at once" : ", one cell at a time");
        }
        return executor + ", one job per cell" + (executorArgs.isEmpty() ? "" : " (" + ShellLine.of(executorArgs) + ")");
    }

    /** Whether several cells shared the CPU at once, which lowers and distorts each one's throughput. */
    public boolean concurrentCpuCells() {
        return parallel > 1 && !device.startsWith("gpu");
    }
}
