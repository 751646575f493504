package io.github.resnetspi.cli.compare;

import io.github.resnetspi.cli.TrainOptions;
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
 * @param parallel    the most cells that ran at once (kept at its highest over resumed runs, for the report's warning)
 */
public record ComparisonPlan(String format, String title, String profile, List<String> trainArgs, long firstSeed,
                             int repeat, List<String> backends, String device, Integer threads, String executor, int parallel,
                             double targetAccuracy, String command, HostEnvironment host) {
    public static final String FORMAT = "resnet-spi comparison v1";

    public ComparisonPlan {
        if (trainArgs == null || backends == null || trainArgs.stream().anyMatch(Objects::isNull)
                || backends.stream().anyMatch(Objects::isNull) || device == null) {
            throw new IllegalArgumentException("a comparison plan needs its training settings, backends and device");
        }
        trainArgs = List.copyOf(trainArgs);
        backends = List.copyOf(backends);
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

    /** Whether several cells shared the CPU at once, which lowers and distorts each one's throughput. */
    public boolean concurrentCpuCells() {
        return parallel > 1 && !device.startsWith("gpu");
    }
}
