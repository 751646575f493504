package io.github.resnetspi.cli.cell;

import java.nio.file.Path;

/** One cell of a comparison matrix: a backend trained from one seed. */
public record Cell(String backend, long seed) {
    /** {@code djl-pytorch seed 2}: how logs and reports name the cell. */
    public String label() {
        return backend + " seed " + seed;
    }

    /** The cell's directory relative to the comparison's: {@code cells/djl-pytorch/seed-2}. */
    public Path relativeDir() {
        return Path.of("cells", backend, "seed-" + seed);
    }
}
