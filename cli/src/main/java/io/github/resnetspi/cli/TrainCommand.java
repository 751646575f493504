package io.github.resnetspi.cli;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.DeviceRequest;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.cli.args.Networks;
import io.github.resnetspi.cli.args.UsageException;
import io.github.resnetspi.cli.args.WeightsSource;
import io.github.resnetspi.cli.cell.HostEnvironment;
import io.github.resnetspi.cli.cell.JsonFiles;
import io.github.resnetspi.cli.cell.MachineLoad;
import io.github.resnetspi.cli.cell.RunResult;
import io.github.resnetspi.training.RunDirectoryLock;
import io.github.resnetspi.training.TrainConfig;
import io.github.resnetspi.training.Trainer;
import io.github.resnetspi.training.TrainingResult;
import io.github.resnetspi.training.checkpoint.Checkpoint;
import io.github.resnetspi.training.checkpoint.CheckpointStore;
import io.github.resnetspi.training.checkpoint.NotACheckpointException;
import io.github.resnetspi.training.checkpoint.Weights;
import io.github.resnetspi.training.data.DataLocator;
import io.github.resnetspi.training.data.Datasets;
import io.github.resnetspi.training.data.TrainTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: one backend, one line per epoch, then the d2l summary line. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network on one backend: a line per epoch, then a d2l-style summary line such as",
                "  loss 0.123, train acc 0.956, test acc 0.912, 4123.4 examples/sec on cpu",
                "Without --profile the quick profile's settings are used; explicit options override them."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--backend", paramLabel = "NAME",
            description = "Backend to train on (see 'backends'); default: -Dresnetspi.backend, $RESNETSPI_BACKEND, else the first of djl-pytorch, tensorflow, djl-mxnet, reference.")
    String backend;

    @Mixin
    TrainOptions options;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Write a safetensors checkpoint to DIR after every epoch. DIR is created if missing and locked for this run.")
    Path checkpoint;

    @Option(names = "--resume", description = "Continue from the newest complete checkpoint in --checkpoint DIR.")
    boolean resume;

    @Option(names = "--resume-if-present", description = {"Continue from the newest complete checkpoint in --checkpoint",
            "DIR when it holds one, else start afresh: for runs a scheduler may restart",
            "(a requeued SLURM job reruns the same command)."})
    boolean resumeIfPresent;

    @Option(names = "--init-from", paramLabel = "FILE", description = {"Start from the weights in FILE (a checkpoint, or a",
            "state_dict saved from PyTorch: see --names) instead of fresh ones; momentum buffers start at zero."})
    Path initFrom;

    @Option(names = "--names", paramLabel = "NAMES", description = WeightsSource.NAMES_HELP + " With --init-from.")
    String names;

    @Option(names = "--result-json", paramLabel = "FILE", hidden = true, description = "Also write the result as JSON (used by compare).")
    Path resultJson;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        TrainConfig cfg = options.resolve(Profile.QUICK);
        options.applyThreads();
        if (resume && resumeIfPresent) {
            throw new UsageException("--resume and --resume-if-present exclude each other: --resume requires a checkpoint, "
                    + "--resume-if-present starts afresh without one; pass one of them");
        }
        if ((resume || resumeIfPresent) && checkpoint == null) {
            throw new UsageException((resume ? "--resume" : "--resume-if-present") + " needs --checkpoint DIR (the "
                    + "directory the interrupted run wrote its checkpoints to)");
        }
        if (initFrom != null && (resume || resumeIfPresent)) {
            throw new UsageException("--init-from starts a new run from outside weights, " + (resume ? "--resume" : "--resume-if-present")
                    + " continues a run from its checkpoint: pass one of them");
        }
        if (names != null && initFrom == null) {
            throw new UsageException("--names names the tensors of --init-from FILE; give --init-from too");
        }
        Network net = Networks.of(cfg);
        Weights.Loaded init = initFrom == null ? null
                : WeightsSource.read("--init-from", initFrom, net, WeightsSource.names(names));
        Backend provider = BackendArgument.selectForTraining(backend, "train");
        long started = System.nanoTime();
        // Held to the end: a second run on the same directory is refused, and a directory that is a file or cannot be
        // written fails here, before any data is loaded or epoch trained.
        try (RunDirectoryLock lock = checkpoint == null ? null : RunDirectoryLock.acquire(checkpoint)) {
            CheckpointStore store = checkpoint == null ? null : new CheckpointStore(checkpoint);
            Checkpoint from = store == null ? null : resumePoint(store);
            BackendInfo info = provider.info();
            // Compiled before the data is loaded: an engine that cannot load fails first, with its cause chain.
            try (Model model = provider.compile(net, CompileOptions.defaults().withDevice(DeviceRequest.parse(options.device()))
                    .withSeed(cfg.seed()).withOptimizer(cfg.sgd()))) {
                TrainTest data = Datasets.load(cfg.dataset(), DataLocator.standard(options.dataDir), cfg.seed(), TrainOptions.apt(out))
                        .limit(cfg.limitTrain(), cfg.limitTest());
                out.printf("training %s (%d parameters) on %s: %s %s; %s, %d train / %d test examples at %s%n",
                        net.name(), net.trainableParameterCount(), provider.name(), info.engine(), info.engineVersion(),
                        cfg.dataset(), data.train().size(), data.test().size(), net.inputShape());
                out.println("data: " + data.source());
                if (init != null) {
                    model.importState(init.state());
                    out.println("starting from the weights of " + initFrom + (init.checkpoint() == null ? ""
                            : " (epoch " + init.checkpoint().epoch() + " of a run on " + init.checkpoint().backend() + ")"));
                    init.notes().forEach(n -> out.println("note: " + n));
                }
                if (from != null) {
                    out.println(from.epoch() >= cfg.epochs() ? "nothing left to train: " + from.file() + " holds all "
                            + from.epoch() + " epochs; its result follows" : "resuming from " + from.file() + " after epoch " + from.epoch());
                }
                out.flush();
                MachineLoad.Sample before = MachineLoad.Sample.now();
                TrainingResult result = new Trainer(ProgressListener.forConsole(out)).train(model, data, cfg, store, from, provider.name());
                MachineLoad load = MachineLoad.between(before, MachineLoad.Sample.now(), Runtime.getRuntime().availableProcessors());
                String line = result.d2lLine(model.device().toString());
                out.println(line);
                out.flush();
                if (resultJson != null) {
                    RunResult r = RunResult.ok(provider.name(), cfg.seed(), info.engine(), info.engineVersion(),
                            model.device().toString(), info.details(), HostEnvironment.current(model.device().isGpu()),
                            result.history(), result.examplesPerSecond(), line, (System.nanoTime() - started) / 1e9)
                            .withLoad(load);
                    JsonFiles.write(resultJson, r);
                }
            }
        }
        return 0;
    }

    /**
     * With --resume the newest checkpoint of {@code store}; with --resume-if-present that or, when the directory holds
     * none, null; without either, null, and the directory must hold none.
     */
    private Checkpoint resumePoint(CheckpointStore store) {
        List<Path> existing = store.complete();
        if (resume || (resumeIfPresent && !existing.isEmpty())) {
            try {
                return store.latest().orElseThrow(() -> new UsageException("no complete checkpoint in " + checkpoint
                        + " to resume from; run without --resume to start from scratch"));
            } catch (NotACheckpointException e) {
                throw new UsageException(e.problem() + "; to train from its weights, start a new run with --init-from "
                        + e.file() + " (and --names torchvision or d2l for PyTorch's names) in an empty --checkpoint directory");
            }
        }
        if (!existing.isEmpty()) {
            throw new UsageException(checkpoint + " already holds checkpoints (" + existing.get(existing.size() - 1).getFileName()
                    + "); pass --resume (or --resume-if-present) to continue that run, or choose an empty --checkpoint directory");
        }
        return null;
    }
}
