package io.github.resnetspi.cli.exec;

import io.github.resnetspi.cli.cell.Cell;
import io.github.resnetspi.cli.cell.CellFiles;
import java.util.ArrayList;
import java.util.List;

/**
 * One cell to run: its {@code train} arguments (settings with the cell's seed, result file, checkpoint directory,
 * {@code --resume-if-present}) without the device, and the device asked for. An executor picks the
 * device it really gets (e.g. {@code gpu:1} for the second of several cells at once) and runs
 * {@link #command(String)} wherever it runs cells.
 */
public record CellTask(Cell cell, CellFiles files, List<String> arguments, String device) {
    public CellTask {
        arguments = List.copyOf(arguments);
    }

    /** The child JVM's command line on {@code onDevice}. */
    public List<String> command(String onDevice) {
        List<String> args = new ArrayList<>(arguments);
        args.addAll(List.of("--device", onDevice));
        return ChildJvm.command(cell.backend(), args);
    }

    /** Whether the cell continues from a checkpoint (its {@code train --resume-if-present} finds one). */
    public boolean resumes() {
        return files.hasCheckpoint();
    }
}
