package io.github.resnetspi.cli.inference;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.presets.StateNames;
import io.github.resnetspi.api.presets.StateNames.Convention;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.conformance.TestData;
import io.github.resnetspi.training.checkpoint.SafeTensors;
import io.github.resnetspi.training.checkpoint.Weights;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What every side of an inference comparison reads, written once into its directory: the state under the library's
 * names ({@value #STATE}), the same state under the PyTorch original's names for native PyTorch
 * ({@value #NATIVE_STATE}, when the preset has one), and the images ({@value #INPUT}: {@value #CHECK}, the
 * {@link InferenceSettings#CHECK_BATCH} images whose logits are compared, and {@value #BATCH}, the throughput batch,
 * whose first image is the batch-1 input); the kit's uniform [0, 1) test images from the seed.
 */
final class InferenceInputs {
    static final String STATE = "state.safetensors";
    static final String NATIVE_STATE = "state-pytorch.safetensors";
    static final String INPUT = "input.safetensors";
    static final String CHECK = "check";
    static final String BATCH = "batch";

    private InferenceInputs() {
    }

    /** The PyTorch original's names for {@code net}'s state, when the preset has an original. */
    static Optional<StateNames> nativeNames(Network net) {
        for (Convention c : new Convention[] {Convention.D2L, Convention.TORCHVISION}) {
            if (StateNames.presets(c).contains(net.name())) {
                return Optional.of(StateNames.of(net, c));
            }
        }
        return Optional.empty();
    }

    /** The check images: {@link InferenceSettings#CHECK_BATCH} of them from {@code seed}. */
    static FloatTensor check(Network net, long seed) {
        return TestData.images(net, InferenceSettings.CHECK_BATCH, seed);
    }

    /** Writes the state files and the images into {@code dir}. */
    static void write(Path dir, Network net, NamedTensors state, InferenceSettings s) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve(STATE), state);
        Optional<StateNames> names = nativeNames(net);
        if (names.isPresent()) {
            Weights.writeStateDict(dir.resolve(NATIVE_STATE), state, names.get(), true);
        }
        Map<String, FloatTensor> images = new LinkedHashMap<>();
        images.put(CHECK, check(net, s.seed()));
        images.put(BATCH, TestData.images(net, s.throughputBatch(), s.seed() + 1));
        write(dir.resolve(INPUT), NamedTensors.of(images));
    }

    private static void write(Path file, NamedTensors tensors) throws IOException {
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            SafeTensors.write(o, tensors, Map.of());
        }
    }
}
