package io.github.resnetspi.training.checkpoint;

import io.github.resnetspi.api.StateLayout;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.presets.StateNames.Convention;
import io.github.resnetspi.api.presets.StateNames;
import io.github.resnetspi.api.tensor.NamedTensors;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network's weights in a safetensors file, in and out: a resnet-spi checkpoint, or a plain state (such as a
 * PyTorch {@code state_dict}) under one of {@link StateNames}' conventions. Reading keeps the parameters and
 * batch-norm running statistics and leaves out momentum buffers: weights evaluate, or start a run whose optimizer
 * begins afresh. Writing produces a state_dict PyTorch loads ({@link #writeStateDict}).
 */
public final class Weights {
    /**
     * Weights read for a network.
     *
     * @param file       where they came from
     * @param state      every parameter and running statistic of the network, under the library's names
     * @param checkpoint the checkpoint the file is, or null for a plain state
     * @param notes      what was converted, dropped or left out, one line each
     */
    public record Loaded(Path file, NamedTensors state, Checkpoint checkpoint, List<String> notes) {
        public Loaded {
            notes = List.copyOf(notes);
        }
    }

    private Weights() {
    }

    /**
     * @param file    a resnet-spi checkpoint, or a safetensors state named by {@code names}
     * @param network the network the weights are for
     * @param names   the convention of the file's names ({@link Convention#RESNET_SPI} for a checkpoint)
     * @return the network's parameters and running statistics from the file
     * @throws CheckpointException when the file cannot be read, its names are not {@code names}' for the network
     *                             (saying which convention they are, when another fits), or it lacks an entry, has
     *                             one of the wrong shape, or a value that is not finite
     */
    public static Loaded read(Path file, Network network, Convention names) {
        SafeTensors.Contents c = SafeTensors.read(file);
        Checkpoint checkpoint = null;
        NamedTensors tensors = c.tensors();
        if (CheckpointStore.isCheckpoint(c.metadata())) {
            checkpoint = CheckpointStore.read(file);
            if (names != Convention.RESNET_SPI) {
                throw new CheckpointException(file + " is a resnet-spi checkpoint, whose names are resnet-spi's, not "
                        + names.label() + "'s");
            }
            tensors = checkpoint.state();
        }
        List<String> notes = new ArrayList<>(c.notes());
        NamedTensors buffers = tensors.filter(StateLayout::isMomentumBuffer);
        if (buffers.size() > 0) {
            notes.add("left out " + buffers.size() + " momentum buffers (the optimizer starts afresh)");
            tensors = tensors.filter(n -> !StateLayout.isMomentumBuffer(n));
        }
        NamedTensors ours = rename(file, tensors, network, names);
        Map<String, Shape> expected = new LinkedHashMap<>();
        for (ParameterSpec p : network.parameters()) {
            expected.put(p.name(), p.shape());
        }
        StateCheck.requireComplete(file, ours, expected);
        return new Loaded(file, ours, checkpoint, notes);
    }

    /**
     * Writes {@code state} (the library's names; momentum buffers are left out) as a safetensors {@code state_dict}
     * under {@code names}. With {@code batchCounters}, one I64 {@code num_batches_tracked} of 0 per batch norm is
     * added, which {@code load_state_dict(strict=True)} requires; PyTorch reads the counter only in batch norm built
     * with {@code momentum=None}.
     */
    public static void writeStateDict(Path out, NamedTensors state, StateNames names, boolean batchCounters) {
        NamedTensors foreign = names.toForeign(state);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            SafeTensors.write(o, foreign, batchCounters ? names.batchCounters() : List.of(), Map.of("format", "pt"));
        } catch (IOException e) {
            throw new CheckpointException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    private static NamedTensors rename(Path file, NamedTensors tensors, Network network, Convention names) {
        StateNames given;
        try {
            given = StateNames.of(network, names);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(e.getMessage());
        }
        try {
            return given.toOurs(tensors);
        } catch (IllegalArgumentException e) {
            for (Convention other : Convention.values()) {
                if (other != names && StateNames.presets(other).contains(network.name()) && fits(tensors, network, other)) {
                    throw new CheckpointException(file + ": its names are " + other.label() + "'s, not " + names.label()
                            + "'s (e.g. '" + tensors.names().iterator().next() + "'); read it with " + other.label()
                            + " names");
                }
            }
            throw new CheckpointException(file + ": " + e.getMessage());
        }
    }

    private static boolean fits(NamedTensors tensors, Network network, Convention c) {
        try {
            StateNames.of(network, c).toOurs(tensors);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
