package io.github.resnetspi.training.checkpoint;

/**
 * A readable safetensors file that is not a resnet-spi checkpoint (its metadata's {@code format}, if any, names none: PyTorch writes {@code pt}): a plain
 * state such as a PyTorch {@code state_dict}, which can start a run or be evaluated ({@link Weights}) but not resumed.
 */
public final class NotACheckpointException extends CheckpointException {
    private static final long serialVersionUID = 1L;
    private final transient java.nio.file.Path file;

    public NotACheckpointException(java.nio.file.Path file) {
        super(file + " is not a resnet-spi checkpoint: its metadata names no resnet-spi format, so it is a plain state such"
                + " as a state_dict saved from PyTorch, with no epoch or settings to resume");
        this.file = file;
    }

    /** @return the file */
    public java.nio.file.Path file() {
        return file;
    }
}
