package io.github.resnetspi.cli;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.presets.StateNames.Convention;
import io.github.resnetspi.api.presets.StateNames;
import io.github.resnetspi.cli.args.Networks;
import io.github.resnetspi.cli.args.UsageException;
import io.github.resnetspi.cli.args.WeightsSource;
import io.github.resnetspi.onnx.OnnxExport;
import io.github.resnetspi.onnx.OnnxExportException;
import io.github.resnetspi.training.checkpoint.Checkpoint;
import io.github.resnetspi.training.checkpoint.Weights;
import io.github.resnetspi.training.data.Datasets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code export}: a checkpoint's weights as a PyTorch state_dict under torchvision's or the d2l chapter's names, or a
 * network with its weights as an ONNX model ({@link OnnxExport}).
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a checkpoint's weights (parameters and batch-norm running statistics; no momentum buffers)",
                "as a safetensors state_dict that PyTorch loads, under torchvision's or the d2l chapter's names;",
                "or write the network with its weights (a checkpoint, or a PyTorch state_dict under --names) as an ONNX",
                "model (opset " + OnnxExport.OPSET + ", free batch size) for ONNX Runtime and ONNX importers."})
public final class ExportCommand implements Callable<Integer> {
    /** What {@code export} writes. */
    enum Format {
        /** An ONNX model. */
        ONNX,
        /** A safetensors state_dict. */
        STATE_DICT
    }

    @Option(names = "--weights", paramLabel = "FILE", required = true, description = "A checkpoint written by 'train';"
            + " for ONNX also a state_dict (safetensors) under --names, with --model.")
    Path weights;

    @Option(names = "--names", paramLabel = "NAMES", description = {"state-dict: the names to write, torchvision"
            + " (resnet18..resnet152), d2l (d2l-resnet18) or resnet-spi (required).",
            "onnx: the names of the --weights file's tensors (default resnet-spi)."})
    String names;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The file to write.")
    Path out;

    @Option(names = "--format", paramLabel = "F", description = "onnx or state-dict (default: onnx when --out ends in"
            + " .onnx, else state-dict).")
    String format;

    @Option(names = "--model", paramLabel = "M", description = "onnx: the preset the weights are for (default: the"
            + " checkpoint's; required for a state_dict).")
    String model;

    @Option(names = "--dataset", paramLabel = "D", description = "onnx: the dataset whose images the model takes"
            + " (default: the checkpoint's, else fashion-mnist).")
    String dataset;

    @Option(names = "--resize", paramLabel = "S", description = "onnx: the input size S x S (default: the checkpoint's,"
            + " else the dataset's size).")
    Integer resize;

    @Option(names = "--num-batches-tracked", description = {"Add PyTorch's integer num_batches_tracked (0) for every"
            + " batch norm, as load_state_dict(strict=True) requires."})
    boolean batchCounters;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (format() == Format.ONNX) {
            return onnx();
        }
        if (names == null) {
            throw new UsageException("export --format state-dict needs --names: torchvision, d2l or resnet-spi");
        }
        PrintWriter o = spec.commandLine().getOut();
        Convention convention = WeightsSource.names(names);
        Checkpoint c = EvaluateCommand.checkpointOrNull(weights);
        if (c == null) {
            throw new UsageException("--weights " + weights + " is not a checkpoint written by 'train' (its metadata names"
                    + " no resnet-spi format): export reads the model and input from a checkpoint");
        }
        Map<String, String> id = c.identity();
        Network net = Networks.of(id.get("model"), id.get("dataset"), Integer.parseInt(id.get("resize")));
        StateNames stateNames = TrainOptions.usage(() -> StateNames.of(net, convention));
        Weights.Loaded loaded = WeightsSource.read("--weights", weights, net, Convention.RESNET_SPI);
        Weights.writeStateDict(out, loaded.state(), stateNames, batchCounters);
        o.printf("wrote %s: %d tensors of %s under %s names%s%n", out, loaded.state().size(), net.name(),
                convention.label(), batchCounters ? ", with " + stateNames.batchCounters().size() + " num_batches_tracked" : "");
        return 0;
    }

    private Format format() {
        if (format == null) {
            return out.getFileName() != null && out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")
                    ? Format.ONNX : Format.STATE_DICT;
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "onnx" -> Format.ONNX;
            case "state-dict" -> Format.STATE_DICT;
            default -> throw new UsageException("--format must be onnx or state-dict, got '" + format + "'");
        };
    }

    /** The network of the checkpoint (or of --model/--dataset/--resize) with the file's weights, as ONNX. */
    private int onnx() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        Convention convention = WeightsSource.names(names);
        Checkpoint c = EvaluateCommand.checkpointOrNull(weights);
        Map<String, String> id = c == null ? Map.of() : c.identity();
        String m = model != null ? model : id.get("model");
        if (m == null) {
            throw new UsageException("--weights " + weights + " is not a checkpoint written by 'train': name the network"
                    + " its weights are for with --model (and its input with --dataset and --resize)");
        }
        String ds = TrainOptions.usage(() -> Datasets.canonical(dataset != null ? dataset : id.getOrDefault("dataset", "fashion-mnist")));
        int size = resize != null ? resize : Integer.parseInt(id.getOrDefault("resize", "0"));
        if (size < 0 || size > 1024) {
            throw new UsageException("--resize must be between 1 and 1024 (or 0 to keep the dataset's size), got " + size);
        }
        TrainOptions.usage(() -> io.github.resnetspi.api.presets.Presets.get(m));
        Network net = Networks.of(m, ds, size);
        if (c != null && c.input() != null && !c.input().equals(net.inputShape())) {
            throw new UsageException(weights + " was trained on inputs of " + EvaluateCommand.text(c.input()) + " but this"
                    + " export would take " + EvaluateCommand.text(net.inputShape()) + "; leave --dataset and --resize out to"
                    + " export it at its size");
        }
        Weights.Loaded loaded = WeightsSource.read("--weights", weights, net, convention);
        loaded.notes().forEach(n -> o.println("note: " + n));
        try {
            OnnxExport.write(out, net, loaded.state(), weights.toString());
        } catch (OnnxExportException e) {
            throw new UsageException("--weights " + weights + " cannot be exported as ONNX: " + e.getMessage());
        }
        o.printf("wrote %s: ONNX opset %d model of %s (input N x %s, N free), %d weight tensors from %s%n", out,
                OnnxExport.OPSET, net.name(), EvaluateCommand.text(net.inputShape()), loaded.state().size(), weights);
        return 0;
    }
}
