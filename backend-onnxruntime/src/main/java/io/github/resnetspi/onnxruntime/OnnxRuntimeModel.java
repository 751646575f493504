package io.github.resnetspi.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.spi.AbstractModel;
import io.github.resnetspi.api.BackendUnavailableException;
import io.github.resnetspi.api.Capability;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.StateLayout;
import io.github.resnetspi.api.Threads;
import io.github.resnetspi.api.UnsupportedCapabilityException;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.StepResult;
import io.github.resnetspi.onnx.OnnxExport;
import io.github.resnetspi.onnx.proto.OnnxProto.ModelProto;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network on ONNX Runtime: its state (as set, in layout order) and a session on the ONNX model exported from it.
 * Importing state exports the model again and replaces the session. A forward with every node's output runs a second
 * session, opened on first use, whose graph outputs every node (kept apart so that the first keeps ONNX Runtime's
 * fusions).
 */
final class OnnxRuntimeModel extends AbstractModel {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxRuntimeModel.class);
    private static final String SOURCE = "the state of a model on backend '" + OnnxRuntimeProvider.NAME + "'";

    private final OrtEnvironment env;
    private final Threads.Count threads;
    private NamedTensors state;
    private OrtSession session;
    private OrtSession everyNodeSession;

    OnnxRuntimeModel(Backend provider, Network network, CompileOptions options, Device device, Threads.Count threads) {
        super(provider, network, options, device);
        this.env = OnnxRuntimeEngine.environment();
        this.threads = threads;
        this.state = layout.initialState(options.seed());
        this.session = open(false);
        LOG.debug("compiled {} on ONNX Runtime with {} intra-op threads ({})", network.name(), threads.threads(), threads.source());
    }

    /** A session on the network exported with the current state: the output alone, or every node's output too. */
    private OrtSession open(boolean everyNode) {
        // the graph holds parameters and running statistics; momentum buffers are kept for exportState only
        NamedTensors weights = state.filter(n -> !StateLayout.isMomentumBuffer(n));
        ModelProto model = everyNode ? OnnxExport.modelWithEveryNodeOutput(network, weights, SOURCE)
                : OnnxExport.model(network, weights, SOURCE);
        try (OrtSession.SessionOptions o = OnnxRuntimeEngine.sessionOptions(threads)) {
            return env.createSession(model.toByteArray(), o);
        } catch (OrtException e) {
            throw new BackendUnavailableException("ONNX Runtime could not open a session on network '" + network.name()
                    + "': " + e.getMessage(), e);
        }
    }

    @Override
    protected NamedTensors doForward(FloatTensor images, Mode mode, boolean everyNode) {
        // AbstractModel refuses TRAIN mode: this backend lacks Capability.TRAINING
        OrtSession s = everyNode ? everyNodeSession() : session;
        long[] dims = Arrays.stream(images.shape().dims()).asLongStream().toArray();
        try (OnnxTensor in = OnnxTensor.createTensor(env, images.buffer(), dims);
             OrtSession.Result r = s.run(Map.of(OnnxExport.INPUT, in))) {
            Map<String, FloatTensor> out = new LinkedHashMap<>();
            if (everyNode) {
                for (Node n : network.nodes()) {
                    out.put(n.name(), tensor(r, OnnxExport.tensorName(network, n.name())));
                }
            } else {
                out.put(network.output(), tensor(r, OnnxExport.OUTPUT));
            }
            return NamedTensors.of(out);
        } catch (OrtException e) {
            throw new ResnetSpiException("ONNX Runtime failed to run network '" + network.name() + "': " + e.getMessage(), e);
        }
    }

    private OrtSession everyNodeSession() {
        if (everyNodeSession == null) {
            everyNodeSession = open(true);
        }
        return everyNodeSession;
    }

    private static FloatTensor tensor(OrtSession.Result r, String name) throws OrtException {
        OnnxValue v = r.get(name).orElseThrow(() -> new IllegalStateException("ONNX Runtime returned no tensor '" + name + "'"));
        OnnxTensor t = (OnnxTensor) v;
        int[] shape = Arrays.stream(t.getInfo().getShape()).mapToInt(Math::toIntExact).toArray();
        FloatBuffer values = t.getFloatBuffer();
        float[] data = new float[values.remaining()];
        values.get(data);
        return FloatTensor.wrap(Shape.of(shape), data);
    }

    @Override
    protected StepResult doTrainStep(FloatTensor images, int[] labels, double learningRate) {
        throw refusal("trainStep");
    }

    @Override
    protected NamedTensors doGradients() {
        throw refusal("gradients()");
    }

    /** Never reached through {@link AbstractModel}, which checks {@link Capability#TRAINING} first. */
    private UnsupportedCapabilityException refusal(String where) {
        return new UnsupportedCapabilityException(provider.name(), Capability.TRAINING, OnnxRuntimeProvider.TRAINING_REASON, where);
    }

    @Override
    protected NamedTensors doExportState() {
        return state;
    }

    @Override
    protected void doImportState(NamedTensors imported) {
        NamedTensors before = state;
        Map<String, FloatTensor> merged = new LinkedHashMap<>(state.asMap());
        merged.putAll(imported.asMap());
        state = NamedTensors.of(merged);
        OrtSession fresh;
        try {
            fresh = open(false);
        } catch (RuntimeException e) {
            state = before;
            throw e;
        }
        closeSessions();
        session = fresh;
    }

    @Override
    protected void doClose() {
        closeSessions();
        session = null;
    }

    private void closeSessions() {
        close(session);
        close(everyNodeSession);
        everyNodeSession = null;
    }

    private void close(OrtSession s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (OrtException e) {
            LOG.warn("ONNX Runtime could not close a session of network '{}': {}", network.name(), e.getMessage());
        }
    }
}
