package io.github.resnetspi.cli.cell;

import io.github.resnetspi.cli.cell.JsonFiles;
import io.github.resnetspi.cli.cell.RunResult;
import io.github.resnetspi.cli.cell.RunResultSchema;
import io.github.resnetspi.training.checkpoint.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of one cell, in its own directory of the comparison: {@code result.json} (written by the cell's
 * {@code train} when it finishes, or by the executor when it fails), {@code checkpoints/} (one per epoch, for
 * {@code --resume}) and {@code output.log} (everything the cell printed). The cell's state is read from these files
 * alone, so any executor, on any host sharing the directory, can run cells and any later process can report them.
 */
public record CellFiles(Cell cell, Path dir) {
    public Path result() {
        return dir.resolve("result.json");
    }

    public Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    public Path log() {
        return dir.resolve("output.log");
    }

    /** Whether a complete checkpoint exists, from which the cell's {@code train} continues with {@code --resume}. */
    public boolean hasCheckpoint() {
        return !new CheckpointStore(checkpoints()).complete().isEmpty();
    }

    /**
     * The cell's result: finished, failed, or (no result file) missing. A result file that cannot be read, breaks
     * the ranges of {@link RunResultSchema}, or belongs to another cell, is a failure saying what is wrong with which
     * file, so that the report still shows every other cell and never averages impossible numbers.
     */
    public RunResult read() {
        return read(-1);
    }

    /** {@link #read()}, with a finished cell's history also checked to hold {@code epochs} epochs (negative: unchecked). */
    public RunResult read(int epochs) {
        Path file = result();
        if (!Files.exists(file)) {
            return RunResult.missing(cell.backend(), cell.seed(), hasCheckpoint()
                    ? "interrupted; its checkpoints are kept and compare --resume continues from the last one"
                    : "not run");
        }
        RunResult r;
        try {
            r = JsonFiles.read(file, RunResult.class);
        } catch (IOException e) {
            return RunResult.failed(cell.backend(), cell.seed(), "unreadable result file " + file + ": " + JsonFiles.problem(e)
                    + "; compare --resume runs the cell again", 0);
        }
        if (r == null || !cell.backend().equals(r.backend()) || cell.seed() != r.seed()) {
            return RunResult.failed(cell.backend(), cell.seed(), "result file " + file + " does not belong to "
                    + cell.label() + (r == null ? " (empty)" : " (it is " + r.label() + ")"), 0);
        }
        String problem = RunResultSchema.problem(r, epochs);
        if (problem != null) {
            return RunResult.failed(cell.backend(), cell.seed(), "result file " + file + " is damaged: " + problem
                    + "; its numbers are left out of the report, and compare --resume runs the cell again", 0);
        }
        return r;
    }

    /** Records why the cell failed, as its result file. */
    public void recordFailure(String error, double wallSeconds) throws IOException {
        JsonFiles.write(result(), RunResult.failed(cell.backend(), cell.seed(), error, wallSeconds));
    }

    /** Readies the cell to run (again): its directory exists and no failed result stands in the way. */
    public void prepareRun() throws IOException {
        Files.createDirectories(dir);
        if (Files.exists(result()) && !read().ok()) {
            Files.delete(result());
        }
    }
}
