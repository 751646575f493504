package io.github.resnetspi.dl4j;

import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.StateLayout;
import io.github.resnetspi.api.Threads;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.ParameterKind;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.spi.AbstractModel;
import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.StepResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network compiled into one SameDiff graph: the parameters and running statistics are its variables, the forward
 * pass is built twice on one image placeholder (train mode and eval mode, {@link Dl4jOps}), and the loss on the
 * train-mode logits. A training step is one SameDiff execution that returns the loss, the logits, every batch norm's
 * batch statistics and the parameters' gradients; the running averages and the SGD update ({@link Dl4jSgd}) are then
 * applied in place to the variables' arrays. Momentum buffers are plain arrays beside the graph.
 */
final class Dl4jModel extends AbstractModel {
    private static final String IMAGES = "images";
    private static final String LABELS = "labels";

    private final Dl4jRuntime runtime;
    private final Threads.Count threads;
    private final SameDiff sd = SameDiff.create();
    /** Every state entry's array: the graph's variables, then the momentum buffers. */
    private final Map<String, INDArray> state = new LinkedHashMap<>();
    /** Every state entry's kind (a momentum buffer has its parameter's). */
    private final Map<String, ParameterKind> kinds = new LinkedHashMap<>();
    private final Map<Mode, Dl4jOps> forward = new EnumMap<>(Mode.class);
    private final List<String> trainable;
    private final Dl4jSgd sgd;
    private final SDVariable loss;
    private Map<String, INDArray> lastGradients = Map.of();

    Dl4jModel(BackendProvider provider, Network network, CompileOptions options, Device device, Dl4jRuntime runtime,
              Threads.Count threads) {
        super(provider, network, options, device);
        this.runtime = runtime;
        this.threads = threads;
        Map<String, SDVariable> variables = new LinkedHashMap<>();
        for (ParameterSpec p : network.parameters()) {
            SDVariable v = sd.var(p.name(), Nd4j.zeros(DataType.FLOAT, Layout.internal(p.kind(), p.shape())));
            variables.put(p.name(), v);
            state.put(p.name(), v.getArr());
            kinds.put(p.name(), p.kind());
        }
        for (ParameterSpec p : layout.momentumParameters()) {
            String name = StateLayout.momentumName(p.name());
            state.put(name, Nd4j.zeros(DataType.FLOAT, Layout.internal(p.kind(), p.shape())));
            kinds.put(name, p.kind());
        }
        Shape in = network.inputShape();
        SDVariable images = sd.placeHolder(IMAGES, DataType.FLOAT, -1, in.dim(0), in.dim(1), in.dim(2));
        forward.put(Mode.TRAIN, Dl4jOps.lower(sd, network, images, variables, true));
        forward.put(Mode.EVAL, Dl4jOps.lower(sd, network, images, variables, false));
        this.trainable = network.trainableParameters().stream().map(ParameterSpec::name).toList();
        this.sgd = new Dl4jSgd(options.momentum(), options.weightDecay());
        if (network.hasLogits()) {
            SDVariable oneHot = sd.placeHolder(LABELS, DataType.FLOAT, -1, network.classes());
            this.loss = Dl4jOps.loss(sd, logits(), oneHot);
            sd.setLossVariables(loss);
        } else {
            this.loss = null;
        }
        doImportState(layout.initialState(options.seed()));
    }

    private SDVariable logits() {
        return forward.get(Mode.TRAIN).outputs().get(network.output());
    }

    @Override
    protected NamedTensors doForward(FloatTensor images, Mode mode, boolean everyNode) {
        runtime.useThreads(threads);
        Dl4jOps ops = forward.get(mode);
        List<String> nodes = everyNode ? network.nodes().stream().map(Node::name).toList() : List.of(network.output());
        List<String> fetch = new ArrayList<>();
        nodes.forEach(n -> fetch.add(ops.outputs().get(n).name()));
        fetch.addAll(statisticNames(ops));
        Map<String, INDArray> out = sd.output(Map.of(IMAGES, Nd4jArrays.toNd4j(images)), fetch);
        updateRunningStatistics(ops, out, images.shape().dim(0));
        Map<String, FloatTensor> result = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            result.put(nodes.get(i), Nd4jArrays.fromNd4j(out.get(fetch.get(i))));
        }
        return NamedTensors.of(result);
    }

    @Override
    protected StepResult doTrainStep(FloatTensor images, int[] labels, double learningRate) {
        if (loss == null) {
            throw new IllegalStateException("network '" + network.name() + "' does not end in logits: it cannot be trained");
        }
        runtime.useThreads(threads);
        Dl4jOps ops = forward.get(Mode.TRAIN);
        List<String> fetch = new ArrayList<>(List.of(loss.name(), logits().name()));
        fetch.addAll(statisticNames(ops));
        OutAndGrad r = sd.calculateGradientsAndOutputs(
                Map.of(IMAGES, Nd4jArrays.toNd4j(images), LABELS, Nd4jArrays.oneHot(labels, network.classes())),
                fetch, trainable);
        Map<String, INDArray> out = r.getOutputs();
        StepResult result = new StepResult(out.get(loss.name()).getDouble(0), Nd4jArrays.fromNd4j(out.get(logits().name())));
        updateRunningStatistics(ops, out, images.shape().dim(0));
        Map<String, INDArray> grads = r.getGradients();
        for (String name : trainable) {
            sgd.step(state.get(name), grads.get(name), state.get(StateLayout.momentumName(name)), learningRate);
        }
        lastGradients = grads;
        return result;
    }

    /** The graph names of the batch statistics a train-mode execution returns (none in eval mode). */
    private static List<String> statisticNames(Dl4jOps ops) {
        List<String> names = new ArrayList<>();
        for (Dl4jOps.BatchStatistics s : ops.batchStatistics().values()) {
            names.add(s.mean().name());
            names.add(s.variance().name());
        }
        return names;
    }

    /**
     * {@code r = (1 − momentum)·r + momentum·batch}, with the unbiased batch variance (÷ (m − 1), m = N·H·W), for every
     * batch norm of a train-mode execution.
     */
    private void updateRunningStatistics(Dl4jOps ops, Map<String, INDArray> out, int batch) {
        for (Map.Entry<String, Dl4jOps.BatchStatistics> e : ops.batchStatistics().entrySet()) {
            Node n = network.node(e.getKey());
            double momentum = ((io.github.resnetspi.api.graph.BatchNorm2d) n.op()).momentum();
            long m = (long) batch * n.outputShape().dim(1) * n.outputShape().dim(2);
            INDArray mean = state.get(n.parameterName(ParameterKind.RUNNING_MEAN));
            INDArray var = state.get(n.parameterName(ParameterKind.RUNNING_VAR));
            mean.muli(1 - momentum).addi(out.get(e.getValue().mean().name()).mul(momentum));
            var.muli(1 - momentum).addi(out.get(e.getValue().variance().name()).mul(momentum * m / (m - 1)));
        }
    }

    @Override
    protected NamedTensors doGradients() {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (String name : trainable) {
            out.put(name, Layout.toNeutral(kinds.get(name), lastGradients.get(name)));
        }
        return NamedTensors.of(out);
    }

    @Override
    protected NamedTensors doExportState() {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (String name : layout.entries().keySet()) {
            out.put(name, Layout.toNeutral(kinds.get(name), state.get(name)));
        }
        return NamedTensors.of(out);
    }

    @Override
    protected void doImportState(NamedTensors imported) {
        Map<String, INDArray> converted = new LinkedHashMap<>();
        imported.asMap().forEach((name, t) -> converted.put(name, Layout.toInternal(kinds.get(name), t)));
        converted.forEach((name, a) -> state.get(name).assign(a)); // every entry converted first: all or nothing
        lastGradients = Map.of();
    }

    @Override
    protected void doClose() {
        state.clear();
        forward.clear();
        lastGradients = Map.of();
    }
}
