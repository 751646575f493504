package io.github.resnetspi.cli;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.DeviceRequest;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.presets.StateNames.Convention;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Sgd;
import io.github.resnetspi.cli.args.Networks;
import io.github.resnetspi.cli.args.UsageException;
import io.github.resnetspi.cli.args.WeightsSource;
import io.github.resnetspi.training.Evaluation;
import io.github.resnetspi.training.TrainConfig;
import io.github.resnetspi.training.checkpoint.Checkpoint;
import io.github.resnetspi.training.checkpoint.CheckpointException;
import io.github.resnetspi.training.checkpoint.CheckpointStore;
import io.github.resnetspi.training.checkpoint.SafeTensors;
import io.github.resnetspi.training.checkpoint.Weights;
import io.github.resnetspi.training.data.DataLocator;
import io.github.resnetspi.training.data.Dataset;
import io.github.resnetspi.training.data.Datasets;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: test loss and accuracy of given weights on one backend. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Test loss and accuracy of given weights (a checkpoint of 'train', or a state_dict saved from",
                "PyTorch under torchvision's or the d2l chapter's names) on one backend. A checkpoint's model, dataset,",
                "size and limits are the defaults; explicit options override them."})
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--backend", paramLabel = "NAME", description = "Backend to evaluate on (see 'backends'); default as 'train'.")
    String backend;

    @Option(names = "--weights", paramLabel = "FILE", required = true, description = "safetensors file of the weights.")
    Path weights;

    @Option(names = "--names", paramLabel = "NAMES", description = WeightsSource.NAMES_HELP)
    String names;

    @Option(names = "--model", paramLabel = "NAME", description = "Network preset (default: the checkpoint's, else d2l-resnet18).")
    String model;

    @Option(names = "--dataset", paramLabel = "NAME", description = "fashion-mnist, cifar10 or synthetic (default: the checkpoint's, else fashion-mnist).")
    String dataset;

    @Option(names = "--resize", paramLabel = "S", description = "Resize images to SxS; 0 keeps the stored size (default: the checkpoint's, else 0).")
    Integer resize;

    @Option(names = "--limit-test", paramLabel = "N", description = "Use only the first N test examples (0 = all; default: the checkpoint's, else 0).")
    Integer limitTest;

    @Option(names = "--batch-size", paramLabel = "N", description = "Examples per forward pass (default: the checkpoint's, else 128).")
    Integer batchSize;

    @Option(names = "--device", paramLabel = "D", description = "auto, cpu, gpu or gpu:N (default auto).")
    String device;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory holding the dataset files: the only place looked; it must exist.")
    Path dataDir;

    @Option(names = "--logits", paramLabel = "FILE", description = "Also write every example's logits, (N, classes) float32, to FILE as safetensors tensor 'logits'.")
    Path logits;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Convention convention = WeightsSource.names(names);
        Checkpoint checkpoint = checkpointOrNull(weights);
        TrainConfig cfg = config(checkpoint);
        int batch = or(batchSize, cfg.batchSize());
        if (batch < 1) {
            throw new UsageException("--batch-size must be positive, got " + batch);
        }
        Network net = Networks.of(cfg);
        if (checkpoint != null && checkpoint.input() != null && !checkpoint.input().equals(net.inputShape())) {
            throw new UsageException(weights + " was trained on inputs of " + text(checkpoint.input()) + " but " + cfg.dataset()
                    + (cfg.resize() > 0 ? " at --resize " + cfg.resize() : "") + " gives " + text(net.inputShape())
                    + "; evaluate it at its size (--resize " + checkpoint.input().dim(1) + ", or leave --resize out)");
        }
        Weights.Loaded loaded = WeightsSource.read("--weights", weights, net, convention);
        Backend provider = BackendArgument.select(backend);
        BackendInfo info = provider.info();
        try (Model m = provider.compile(net, CompileOptions.defaults()
                .withDevice(DeviceRequest.parse(device == null ? "auto" : device)).withSeed(cfg.seed()))) {
            m.importState(loaded.state());
            Dataset test = Datasets.load(cfg.dataset(), DataLocator.standard(dataDir), cfg.seed(), TrainOptions.apt(out))
                    .limit(0, cfg.limitTest()).test();
            out.printf("evaluating %s (%s, %s names) on %s: %s %s; %s, %d test examples at %s%n", net.name(), weights,
                    convention.label(), provider.name(), info.engine(), info.engineVersion(), cfg.dataset(), test.size(),
                    net.inputShape());
            loaded.notes().forEach(n -> out.println("note: " + n));
            out.flush();
            Shape in = net.inputShape();
            Evaluation e = Evaluation.of(m, test, in.dim(1), in.dim(2), batch, logits != null);
            out.println(String.format(Locale.ROOT, "test loss %.4f, test acc %.4f (%d examples) on %s", e.loss(),
                    e.accuracy(), e.examples(), m.device()));
            out.flush();
            if (logits != null) {
                try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(logits))) {
                    SafeTensors.write(o, NamedTensors.of(Map.of("logits", e.logits())), Map.of());
                }
            }
        }
        return 0;
    }

    /** {@code CxHxW}, as messages write an input shape. */
    static String text(Shape s) {
        return s.dim(0) + "x" + s.dim(1) + "x" + s.dim(2);
    }

    /** The checkpoint {@code file} is, or null when it is a plain state; a damaged checkpoint is a bad argument. */
    static Checkpoint checkpointOrNull(Path file) {
        try {
            if (!CheckpointStore.isCheckpoint(SafeTensors.read(file).metadata())) {
                return null;
            }
            return CheckpointStore.read(file);
        } catch (CheckpointException e) {
            throw new UsageException("--weights " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** The checkpoint's settings (or the defaults), with the explicit options but --batch-size applied. */
    private TrainConfig config(Checkpoint c) {
        Map<String, String> id = c == null ? Map.of() : c.identity();
        String ds = TrainOptions.usage(() -> Datasets.canonical(or(dataset, id.getOrDefault("dataset", "fashion-mnist"))));
        String m = or(model, id.getOrDefault("model", "d2l-resnet18"));
        TrainOptions.usage(() -> io.github.resnetspi.api.presets.Presets.get(m));
        int size = or(resize, Integer.parseInt(id.getOrDefault("resize", "0")));
        int limit = or(limitTest, Integer.parseInt(id.getOrDefault("limit_test", "0")));
        int batch = Integer.parseInt(id.getOrDefault("batch_size", "128"));
        if (size < 0 || size > 1024) {
            throw new UsageException("--resize must be between 1 and 1024 (or 0 to keep the stored size), got " + size);
        }
        if (limit < 0) {
            throw new UsageException("--limit-test must be zero (no limit) or positive, got " + limit);
        }
        TrainOptions.usage(() -> DeviceRequest.parse(device == null ? "auto" : device));
        return new TrainConfig(m, ds, size, 0, limit, 1, batch, new Sgd(0.1, 0, 0, io.github.resnetspi.api.train.LrSchedule.constant()),
                Long.parseLong(id.getOrDefault("seed", "1")));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
