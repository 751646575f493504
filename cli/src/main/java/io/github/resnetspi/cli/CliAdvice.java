package io.github.resnetspi.cli;

import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.training.data.DatasetException;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the command line adds to a library error: the library says what was wrong in its own terms and links its
 * section of {@code docs/errors.md}; this says which option or command of {@code resnet-spi} does something about it.
 */
final class CliAdvice {
    private static final Map<ErrorAnchor, String> ADVICE = new EnumMap<>(ErrorAnchor.class);

    static {
        ADVICE.put(ErrorAnchor.BACKEND_NOT_FOUND, "'resnet-spi backends' lists the backends found; choose one with --backend NAME");
        ADVICE.put(ErrorAnchor.SPI_VERSION, "'resnet-spi backends' lists the backends refused; use jars of one resnet-spi release");
        ADVICE.put(ErrorAnchor.BACKEND_UNAVAILABLE, "'resnet-spi backends' shows what each backend needs");
        ADVICE.put(ErrorAnchor.GPU_UNAVAILABLE, "or run with --device cpu");
        ADVICE.put(ErrorAnchor.UNSUPPORTED_CAPABILITY, "choose another --backend or --model");
        ADVICE.put(ErrorAnchor.INVALID_NETWORK, "choose another --model, or a larger --input or --resize");
        ADVICE.put(ErrorAnchor.THREADS, "set a positive number, e.g. JAVA_OPTS=-Dresnetspi.threads=4 or RESNETSPI_THREADS=4");
        ADVICE.put(ErrorAnchor.TRAINING_DIVERGED, "try a smaller --lr");
        ADVICE.put(ErrorAnchor.DATASET, "pass the dataset's directory with --data-dir DIR");
        ADVICE.put(ErrorAnchor.CHECKPOINT, "or start afresh with another --checkpoint DIR");
        ADVICE.put(ErrorAnchor.RUN_DIRECTORY, "use another --checkpoint or --out DIR");
    }

    private CliAdvice() {
    }

    /**
     * @param anchor the anchor of a library error, or null
     * @return the CLI's advice for it, or null when there is none
     */
    static String of(ErrorAnchor anchor) {
        return anchor == null ? null : ADVICE.get(anchor);
    }

    /**
     * @param error a library error
     * @return the CLI's advice for it, or null when there is none or it would not help (naming a data directory for
     *         a damaged file, or when one was named)
     */
    static String of(ResnetSpiException error) {
        if (error instanceof DatasetException d && !d.otherDirectoryMayHelp()) {
            return null;
        }
        return of(error.anchor());
    }
}
