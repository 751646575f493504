package io.github.resnetspi.cli;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.DeviceRequest;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.presets.Preset;
import io.github.resnetspi.api.presets.PresetOptions;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.cli.args.UsageException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shapes}: per-layer output shapes, from the description or measured by running a backend. */
@Command(name = "shapes", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print each layer's output shape for an input of N,C,H,W.",
                "Shapes come from the network description; with --backend they are measured by a forward pass on that",
                "backend and checked against the description."})
public final class ShapesCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "NAME", description = "One of: ${COMPLETION-CANDIDATES}",
            completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--input", required = true, paramLabel = "N,C,H,W", description = "Input shape, e.g. 1,1,96,96.")
    String input;

    /** The most classes {@code --classes} takes: well above any image dataset's (ImageNet-21k has 21 841). */
    static final int MAX_CLASSES = 100_000;

    @Option(names = "--classes", paramLabel = "K", description = "Number of classes, 2 to 100000 (default: the preset's).")
    Integer classes;

    @Option(names = "--backend", paramLabel = "NAME", description = "Run a forward pass on this backend and print its shapes.")
    String backend;

    @Option(names = "--blocks", description = "Only the output of each top-level block (stem, stage1, ..., fc), d2l-style.")
    boolean blocks;

    @Option(names = "--device", paramLabel = "D", defaultValue = "cpu", description = "Device for --backend (default ${DEFAULT-VALUE}).")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int[] dims = parseInput(input);
        Preset preset = TrainOptions.usage(() -> Presets.get(model));
        PresetOptions o = preset.defaults().withInput(dims[1], dims[2], dims[3]);
        if (classes != null) {
            if (classes < 2 || classes > MAX_CLASSES) {
                throw new UsageException("--classes must be from 2 to " + MAX_CLASSES + ", got " + classes);
            }
            o = o.withClasses(classes);
        }
        Network net;
        try {
            net = preset.build(o);
        } catch (RuntimeException e) {
            throw new UsageException("model " + model + " cannot take input " + input + ": " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Node> nodes = blocks ? net.blockOutputs() : net.nodes();
        Map<String, Shape> described = net.shapes(dims[0]);
        if (backend == null) {
            out.printf("%s, input %s, %d trainable parameters (shapes from the description)%n", net.name(),
                    described.get(Network.INPUT), net.trainableParameterCount());
            for (Node n : nodes) {
                out.printf("%-32s %-14s output shape: %s%n", blocks ? n.block() : n.name(), n.op().kind(), described.get(n.name()));
            }
            out.flush();
            return 0;
        }
        String advice = "use a smaller --input with --backend (without it, shapes of any size are printed)";
        TensorLimit.requireFits("the input", described.get(Network.INPUT), advice);
        for (Node n : net.nodes()) {
            TensorLimit.requireFits("the output of " + n.name(), described.get(n.name()), advice);
        }
        Backend p = BackendArgument.select(backend);
        try (Model m = p.compile(net, CompileOptions.defaults().withDevice(TrainOptions.usage(() -> DeviceRequest.parse(device))))) {
            NamedTensors outs = m.forwardAll(FloatTensor.zeros(Shape.of(dims)), Mode.EVAL);
            out.printf("%s, input %s, shapes measured on %s (%s)%n", net.name(), described.get(Network.INPUT), p.name(), m.device());
            int mismatches = 0;
            for (Node n : nodes) {
                Shape got = outs.get(n.name()).shape();
                boolean same = got.equals(described.get(n.name()));
                mismatches += same ? 0 : 1;
                out.printf("%-32s %-14s output shape: %s%s%n", blocks ? n.block() : n.name(), n.op().kind(), got,
                        same ? "" : "   MISMATCH: description says " + described.get(n.name()));
            }
            out.flush();
            if (mismatches > 0) {
                throw new IllegalStateException(mismatches + " layer(s) of " + p.name() + " differ from the description");
            }
        }
        return 0;
    }

    /** {@code N,C,H,W}: four positive integers. */
    static int[] parseInput(String spec) {
        String[] parts = spec.split(",", -1);
        String hint = "bad --input '" + spec + "': expected N,C,H,W, four positive integers such as 1,1,96,96";
        if (parts.length != 4) {
            throw new UsageException(hint);
        }
        int[] dims = new int[4];
        for (int i = 0; i < 4; i++) {
            try {
                dims[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException(hint);
            }
            if (dims[i] <= 0) {
                throw new UsageException(hint);
            }
        }
        return dims;
    }

    /** Model names for the help text. */
    static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Presets.names().iterator();
        }
    }
}
