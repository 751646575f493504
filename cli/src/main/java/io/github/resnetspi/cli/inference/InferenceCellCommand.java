package io.github.resnetspi.cli.inference;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.DeviceRequest;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.Threads;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.cli.args.Networks;
import io.github.resnetspi.cli.cell.JsonFiles;
import io.github.resnetspi.training.checkpoint.SafeTensors;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code inference-cell} (hidden): one side's round of {@code compare --task inference}, run by the parent in a child
 * JVM whose backend is {@code -Dresnetspi.backend}. Compiles the network, imports the state, computes the check
 * images' EVAL logits, then times {@code --runs} batch-1 forwards after {@code --warmup} untimed ones and
 * {@code --throughput-runs} forwards of the whole batch after one untimed one; each timed forward ends with its logits
 * in Java memory ({@link Model#forward} returns them). Writes a {@link CellMeasurement} to {@code --result}.
 */
@Command(name = "inference-cell", hidden = true, description = "One round of compare --task inference (run by compare).")
public final class InferenceCellCommand implements Callable<Integer> {
    @Option(names = "--model", required = true)
    String model;
    @Option(names = "--dataset", required = true)
    String dataset;
    @Option(names = "--resize", required = true)
    int resize;
    @Option(names = "--state", required = true)
    Path state;
    @Option(names = "--input", required = true)
    Path input;
    @Option(names = "--device", required = true)
    String device;
    @Option(names = "--warmup", required = true)
    int warmup;
    @Option(names = "--runs", required = true)
    int runs;
    @Option(names = "--throughput-runs", required = true)
    int throughputRuns;
    @Option(names = "--result", required = true)
    Path result;

    @Override
    public Integer call() throws Exception {
        Backend provider = Backends.select();
        Network net = Networks.of(model, dataset, resize);
        NamedTensors weights = SafeTensors.read(state).tensors();
        NamedTensors images = SafeTensors.read(input).tensors();
        FloatTensor check = images.get(InferenceInputs.CHECK);
        FloatTensor batch = images.get(InferenceInputs.BATCH);
        int perImage = batch.size() / batch.shape().dim(0);
        FloatTensor one = FloatTensor.of(net.inputShape().withBatch(1), Arrays.copyOf(batch.data(), perImage));
        CompileOptions options = CompileOptions.defaults().withDevice(DeviceRequest.parse(device));
        try (Model m = provider.compile(net, options)) {
            m.importState(weights);
            FloatTensor logits = m.forward(check, Mode.EVAL);
            for (int i = 0; i < warmup; i++) {
                m.forward(one, Mode.EVAL);
            }
            double[] latencies = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                m.forward(one, Mode.EVAL);
                latencies[i] = (System.nanoTime() - t0) / 1e6;
            }
            m.forward(batch, Mode.EVAL);
            long t0 = System.nanoTime();
            for (int i = 0; i < throughputRuns; i++) {
                m.forward(batch, Mode.EVAL);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            BackendInfo info = provider.info();
            JsonFiles.write(result, new CellMeasurement(info.engine(), info.engineVersion(), m.device().toString(),
                    Threads.resolve(options).threads(), logits.data(), latencies,
                    batch.shape().dim(0) * (double) throughputRuns / seconds, info.details(), null, null));
        }
        return 0;
    }
}
