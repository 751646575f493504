package io.github.resnetspi.cli.compare;

import io.github.resnetspi.cli.TrainOptions;
import io.github.resnetspi.cli.exec.LocalExecutor;
import io.github.resnetspi.cli.exec.ShellLine;
import io.github.resnetspi.cli.report.HostEnvironment;
import io.github.resnetspi.training.TrainConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a comparison is, as {@code comparison.json} in its directory keeps it: the training settings every cell
 * shares (as {@code train} options, seed included), the backends, how many seeds ({@code seed … seed+repeat−1}),
 * the device and thread count, how the cells are run, the accuracy time-to-accuracy counts to, the command as typed and the machine
 * it was started on. The matrix of cells follows from it; the report is built from it and the cells' files.
 *
 * @param trainArgs   {@code train} options reproducing the shared settings exactly, with the first seed
 * @param threads     {@code --threads} for every cell, or null for each engine's default
 * @param executor    where cells run ({@code --executor})
 * @param executorArgs the executor's own {@code compare} options, as given or kept from before (for {@code slurm}:
 *                    {@code --partition=gpu}, {@code --time=04:00:00}, …), so that a resumed comparison's cells run
 *                    the same way
 * @param parallel    the most cells that ran at once (kept at its highest over resumed runs, for the report's warning)
 */
public record ComparisonPlan(String format, String title, String profile, List<String> trainArgs, long firstSeed,
                             int repeat, List<String> backends, String device, Integer threads, String executor,
                             List<String> executorArgs, int parallel, double targetAccuracy, String command,
                             HostEnvironment host) {
    public static final String FORMAT = "resnet-spi comparison v1";

    public ComparisonPlan {
        if (trainArgs == null || backends == null || trainArgs.stream().anyMatch(Objects::isNull)
                || backends.stream().anyMatch(Objects::isNull) || device == null || executor == null) {
            throw new IllegalArgumentException("a comparison plan needs its training settings, backends, device and executor");
        }
        trainArgs = List.copyOf(trainArgs);
        backends = List.copyOf(backends);
        executorArgs = executorArgs == null ? List.of() : List.copyOf(executorArgs);
        if (repeat < 1) {
            throw new IllegalArgumentException("a comparison needs at least one seed, got repeat " + repeat);
        }
    }

    /** The shared settings, with the first seed. */
    public TrainConfig config() {
        return TrainOptions.fromArgs(trainArgs);
    }

    /** The settings of {@code cell}: the shared ones with the cell's seed. */
    public TrainConfig config(Cell cell) {
        return config().withSeed(cell.seed());
    }

    /** The seeds, in order. */
    public List<Long> seeds() {
        List<Long> s = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            s.add(firstSeed + i);
        }
        return s;
    }

    /**
     * Every cell, seed by seed: all backends at the first seed, then all at the next, so that an interrupted
     * comparison already compares every backend on the seeds it finished.
     */
    public List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (long seed : seeds()) {
            for (String b : backends) {
                cells.add(new Cell(b, seed));
            }
        }
        return cells;
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
