package io.github.resnetspi.cli.exec;

import java.io.IOException;
import java.util.List;

/**
 * Runs the cells of a comparison. Each cell's {@code train} writes its own result file and checkpoints into its
 * directory; the executor records a failure where the cell could not (a crash, a kill, a scheduler's verdict) with
 * {@link io.github.resnetspi.cli.cell.CellFiles#recordFailure}. Nothing else passes between an executor and the
 * report, which is built from the cell files alone.
 */
public interface Executor {
    /** The name {@code --executor} takes. */
    String name();

    /**
     * Runs {@code tasks} (the cells still to do, in order). Returns true when every one has ended, so the report
     * can be built now; false when they were handed to a scheduler that runs them later (the report is then built by
     * {@code resnet-spi report DIR}).
     */
    boolean run(List<CellTask> tasks) throws IOException;
}
