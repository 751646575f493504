package io.github.resnetspi.cli;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.presets.StateNames;
import io.github.resnetspi.api.presets.StateNames.Convention;
import io.github.resnetspi.api.train.LrSchedule;
import io.github.resnetspi.api.train.Sgd;
import io.github.resnetspi.training.TrainConfig;
import io.github.resnetspi.training.checkpoint.Checkpoint;
import io.github.resnetspi.training.checkpoint.Weights;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code export}: a checkpoint's weights as a PyTorch state_dict under torchvision's or the d2l chapter's names. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a checkpoint's weights (parameters and batch-norm running statistics; no momentum buffers)",
                "as a safetensors state_dict that PyTorch loads, under torchvision's or the d2l chapter's names."})
public final class ExportCommand implements Callable<Integer> {
    @Option(names = "--weights", paramLabel = "FILE", required = true, description = "A checkpoint written by 'train'.")
    Path weights;

    @Option(names = "--names", paramLabel = "NAMES", required = true, description = "torchvision (resnet18..resnet152),"
            + " d2l (d2l-resnet18) or resnet-spi.")
    String names;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The state_dict file to write.")
    Path out;

    @Option(names = "--num-batches-tracked", description = {"Add PyTorch's integer num_batches_tracked (0) for every"
            + " batch norm, as load_state_dict(strict=True) requires."})
    boolean batchCounters;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        Convention convention = WeightsSource.names(names);
        Checkpoint c = EvaluateCommand.checkpointOrNull(weights);
        if (c == null) {
            throw new UsageException("--weights " + weights + " is not a checkpoint written by 'train' (its metadata names"
                    + " no resnet-spi format): export reads the model and input from a checkpoint");
        }
        Map<String, String> id = c.identity();
        TrainConfig cfg = new TrainConfig(id.get("model"), id.get("dataset"), Integer.parseInt(id.get("resize")), 0, 0, 1,
                2, new Sgd(0.1, 0, 0, LrSchedule.constant()), 1);
        Network net = TrainOptions.network(cfg);
        StateNames stateNames = TrainOptions.usage(() -> StateNames.of(net, convention));
        Weights.Loaded loaded = WeightsSource.read("--weights", weights, net, Convention.RESNET_SPI);
        Weights.writeStateDict(out, loaded.state(), stateNames, batchCounters);
        o.printf("wrote %s: %d tensors of %s under %s names%s%n", out, loaded.state().size(), net.name(),
                convention.label(), batchCounters ? ", with " + stateNames.batchCounters().size() + " num_batches_tracked" : "");
        return 0;
    }
}
