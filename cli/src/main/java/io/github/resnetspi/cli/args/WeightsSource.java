package io.github.resnetspi.cli.args;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.presets.StateNames.Convention;
import io.github.resnetspi.training.checkpoint.CheckpointException;
import io.github.resnetspi.training.checkpoint.Weights;
import java.nio.file.Path;

/** {@code --names}, and reading weights a command was given: a file that does not fit is a bad argument. */
public final class WeightsSource {
    public static final String NAMES_HELP = "Names of the file's tensors: resnet-spi (default; checkpoints), torchvision"
            + " (resnet18..resnet152) or d2l (d2l-resnet18, the d2l chapter's nn.Sequential).";

    private WeightsSource() {
    }

    public static Convention names(String label) {
        try {
            return Convention.parse(label == null ? Convention.RESNET_SPI.label() : label);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The weights of {@code file} for {@code net}; a file that cannot serve is reported as a bad {@code option}. */
    public static Weights.Loaded read(String option, Path file, Network net, Convention names) {
        try {
            return Weights.read(file, net, names);
        } catch (CheckpointException e) {
            throw new UsageException(option + " " + file + " cannot be used for " + net.name() + ": " + e.getMessage());
        }
    }
}
