package io.github.resnetspi.tensorflow;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.StepObserver;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.spi.AbstractModel;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.StepResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A network compiled into one TensorFlow graph and session. Everything is built once, here: the forward pass in
 * train and eval mode, the loss, its gradients ({@link Graph#addGradients}), the SGD update and the state
 * import/export ops; a training step is then a single {@link Session} run that also stores the raw gradients in
 * variables, so {@link #gradients()} costs nothing until it is called. The only ops added later are the NCHW views
 * of node outputs for {@code forward(..., everyNode=true)}, each built once on first use.
 */
final class TensorFlowModel extends AbstractModel {
    private final Graph graph;
    private final Ops tf;
    private final Session session;
    private final StateVariables vars;
    private final Placeholder<TFloat32> images;
    private final Map<Mode, TensorFlowOps> forward = new EnumMap<>(Mode.class);
    private final Map<Mode, Map<String, Operand<TFloat32>>> neutralOutputs = new EnumMap<>(Mode.class);
    private final Training training;

    /** The ops of a training step; absent for networks that do not end in logits. */
    private record Training(Placeholder<TInt32> labels, Placeholder<TFloat32> learningRate, Operand<TFloat32> loss,
                            Operand<TFloat32> logits, List<Op> targets) {
    }

    TensorFlowModel(Backend provider, Network network, CompileOptions options, Device device) {
        super(provider, network, options, device);
        this.graph = new Graph();
        try {
            Ops base = Ops.create(graph);
            this.tf = device.isGpu()
                    ? base.withDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(device.index()).build())
                    : base;
            this.vars = new StateVariables(tf, network, layout);
            this.images = tf.placeholder(TFloat32.class, Placeholder.shape(Layout.batchOf(network.inputShape())));
            Operand<TFloat32> nhwc = tf.linalg.transpose(images, tf.constant(Layout.TO_NHWC));
            forward.put(Mode.TRAIN, TensorFlowOps.build(tf, network, nhwc, vars, true));
            forward.put(Mode.EVAL, TensorFlowOps.build(tf, network, nhwc, vars, false));
            this.training = network.hasLogits() ? buildTraining() : null;
            this.session = new Session(graph, TensorFlowRuntime.require().settings().config());
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
        try {
            doImportState(layout.initialState(options.seed()));
        } catch (RuntimeException | Error e) {
            session.close();
            graph.close();
            throw e;
        }
    }

    private Training buildTraining() {
        TensorFlowOps train = forward.get(Mode.TRAIN);
        Placeholder<TInt32> labels = tf.placeholder(TInt32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1)));
        Placeholder<TFloat32> lr = tf.placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
        Operand<TFloat32> logits = train.outputs().get(network.output());
        Operand<TFloat32> loss = train.softmaxCrossEntropy(logits, labels, network.classes());

        List<ParameterSpec> trainable = network.trainableParameters();
        Output<?>[] xs = new Output<?>[trainable.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = vars.get(trainable.get(i).name()).read().asOutput();
        }
        Output<?>[] grads = graph.addGradients("gradients", new Output<?>[] {loss.asOutput()}, xs, null);

        List<Op> targets = new ArrayList<>(train.runningStatUpdates());
        List<Op> computed = new ArrayList<>();
        List<Operand<TFloat32>> g = new ArrayList<>(grads.length);
        for (int i = 0; i < grads.length; i++) {
            @SuppressWarnings("unchecked")
            Operand<TFloat32> gi = grads[i] == null ? tf.zerosLike((Operand<TFloat32>) xs[i]) : (Operand<TFloat32>) grads[i];
            g.add(gi);
            computed.add(gi.op() instanceof Op o ? o : tf.identity(gi));
            targets.add(tf.assignVariableOp(vars.gradients().get(trainable.get(i).name()).handle(), gi));
        }
        computed.add(tf.identity(loss));
        computed.add(tf.identity(logits));
        // Parameters change only after every gradient (and so every read of the old values) has been computed.
        Ops after = tf.withControlDependencies(computed);
        double mu = options.momentum();
        double wd = options.weightDecay();
        for (int i = 0; i < grads.length; i++) {
            StateVariables.Variable w = vars.get(trainable.get(i).name());
            Operand<TFloat32> step = wd > 0 ? after.math.add(g.get(i), after.math.mul(after.constant((float) wd), w.read())) : g.get(i);
            if (mu > 0) {
                StateVariables.Variable v = vars.get(io.github.resnetspi.api.StateLayout.momentumName(w.name()));
                // v = mu·v + step; w -= lr·v (PyTorch's form, no Nesterov)
                targets.add(after.train.resourceApplyMomentum(w.handle(), v.handle(), lr, step, after.constant((float) mu)));
            } else {
                targets.add(after.train.resourceApplyGradientDescent(w.handle(), lr, step));
            }
        }
        return new Training(labels, lr, loss, logits, targets);
    }

    @Override
    protected NamedTensors doForward(FloatTensor input, Mode mode, boolean everyNode) {
        List<String> names = everyNode ? network.nodes().stream().map(Node::name).toList() : List.of(network.output());
        try (TFloat32 x = Tensors.toTf(input)) {
            Session.Runner r = session.runner().feed(images, x);
            for (String name : names) {
                r.fetch(neutralOutput(mode, name));
            }
            if (mode == Mode.TRAIN) {
                forward.get(Mode.TRAIN).runningStatUpdates().forEach(r::addTarget);
            }
            try (Result res = r.run()) {
                Map<String, FloatTensor> out = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    out.put(names.get(i), Tensors.fromTf(res.get(i)));
                }
                return NamedTensors.of(out);
            }
        }
    }

    /** A node's output in the API's layout (NCHW for images), built on first use. */
    private Operand<TFloat32> neutralOutput(Mode mode, String node) {
        return neutralOutputs.computeIfAbsent(mode, m -> new HashMap<>()).computeIfAbsent(node, n -> {
            Operand<TFloat32> internal = forward.get(mode).outputs().get(n);
            return network.node(n).outputShape().rank() == 3 ? tf.linalg.transpose(internal, tf.constant(Layout.TO_NCHW)) : internal;
        });
    }

    /**
     * One session run. A step whose {@link StepObserver} wants op times runs traced (TensorFlow's step statistics:
     * every kernel's start and duration) and is told them; the step is one engine call, so no phases are reported.
     */
    @Override
    protected StepResult doTrainStep(FloatTensor input, int[] labels, double learningRate) {
        if (training == null) {
            throw new IllegalStateException("network '" + network.name() + "' does not end in logits: it cannot be trained");
        }
        StepObserver observer = options.stepObserver();
        boolean trace = observer.observing() && observer.wantsOpMillis();
        try (TFloat32 x = Tensors.toTf(input);
             TInt32 y = Tensors.labels(labels);
             TFloat32 lr = Tensors.scalar(learningRate)) {
            Session.Runner r = session.runner().feed(images, x).feed(training.labels(), y).feed(training.learningRate(), lr)
                    .fetch(training.loss()).fetch(training.logits());
            training.targets().forEach(r::addTarget);
            if (trace) {
                r.setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build());
            }
            try (Result res = trace ? r.runAndFetchMetadata() : r.run()) {
                if (trace) {
                    observer.opMillis(StepStats.opMillis(res.getMetadata().orElseThrow()));
                }
                return new StepResult(Tensors.scalarValue(res.get(0)), Tensors.fromTf(res.get(1)));
            }
        }
    }

    @Override
    protected NamedTensors doGradients() {
        return fetch(vars.gradients());
    }

    @Override
    protected NamedTensors doExportState() {
        return fetch(vars.state());
    }

    private NamedTensors fetch(Map<String, StateVariables.Variable> which) {
        Session.Runner r = session.runner();
        which.values().forEach(v -> r.fetch(v.neutralRead()));
        try (Result res = r.run()) {
            Map<String, FloatTensor> out = new LinkedHashMap<>();
            int i = 0;
            for (String name : which.keySet()) {
                out.put(name, Tensors.fromTf(res.get(i++)));
            }
            return NamedTensors.of(out);
        }
    }

    @Override
    protected void doImportState(NamedTensors state) {
        List<Tensor> fed = new ArrayList<>(state.size());
        try {
            Session.Runner r = session.runner();
            for (Map.Entry<String, FloatTensor> e : state.asMap().entrySet()) {
                StateVariables.Importer imp = vars.importers().get(e.getKey());
                TFloat32 t = Tensors.toTf(e.getValue());
                fed.add(t);
                r.feed(imp.value(), t).addTarget(imp.assign());
            }
            if (!fed.isEmpty()) {
                r.run().close(); // one run: all entries change together
            }
        } finally {
            fed.forEach(Tensor::close);
        }
    }

    @Override
    protected void doClose() {
        session.close();
        graph.close();
    }
}
