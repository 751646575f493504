package io.github.resnetspi.tensorflow;

import io.github.resnetspi.api.StateLayout;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.ParameterKind;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.graph.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;

/**
 * One resource variable per exported state entry (parameters, BN running statistics, momentum buffers) and one per
 * trainable parameter holding the last step's gradient, with the ops that move them across the API boundary, all
 * built once: an import placeholder and assign per entry (neutral layout in, converted inside the graph) and a
 * neutral-layout read per entry and per gradient.
 */
final class StateVariables {
    /** Every variable of a process needs its own shared name, or TensorFlow hands out the same one twice. */
    private static final AtomicLong NEXT_ID = new AtomicLong();

    /** One variable with its graph-side read and its API-side (neutral layout) views. */
    record Variable(String name, ParameterKind kind, Operand<?> handle, Operand<TFloat32> read,
                    Operand<TFloat32> neutralRead) {
    }

    /** How one state entry is imported: the placeholder to feed (neutral layout) and the assign op to run. */
    record Importer(Placeholder<TFloat32> value, Op assign) {
    }

    private final Map<String, Variable> state;
    private final Map<String, Importer> importers;
    private final Map<String, Variable> gradients;

    StateVariables(Ops tf, Network network, StateLayout layout) {
        Map<String, ParameterKind> kinds = new LinkedHashMap<>();
        for (ParameterSpec p : network.parameters()) {
            kinds.put(p.name(), p.kind());
        }
        for (ParameterSpec p : layout.momentumParameters()) {
            kinds.put(StateLayout.momentumName(p.name()), p.kind()); // a momentum buffer has its parameter's layout
        }
        Map<String, Variable> s = new LinkedHashMap<>();
        Map<String, Importer> imp = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : layout.entries().entrySet()) {
            ParameterKind kind = kinds.get(e.getKey());
            Variable v = variable(tf, e.getKey(), kind, e.getValue());
            s.put(e.getKey(), v);
            Placeholder<TFloat32> ph = tf.placeholder(TFloat32.class, Placeholder.shape(Layout.tf(e.getValue())));
            Operand<TFloat32> internal = Layout.converted(kind) ? tf.linalg.transpose(ph, tf.constant(Layout.TO_HWIO)) : ph;
            imp.put(e.getKey(), new Importer(ph, tf.assignVariableOp(v.handle(), internal)));
        }
        Map<String, Variable> g = new LinkedHashMap<>();
        for (ParameterSpec p : network.trainableParameters()) {
            g.put(p.name(), variable(tf, p.name() + ".grad", p.kind(), p.shape()));
        }
        this.state = Collections.unmodifiableMap(s);
        this.importers = Collections.unmodifiableMap(imp);
        this.gradients = Collections.unmodifiableMap(g);
    }

    private static Variable variable(Ops tf, String name, ParameterKind kind, Shape neutral) {
        Shape internal = Layout.internal(kind, neutral);
        VarHandleOp handle = tf.varHandleOp(TFloat32.class, Layout.tf(internal),
                VarHandleOp.sharedName("resnetspi_" + NEXT_ID.incrementAndGet()));
        Operand<TFloat32> read = tf.readVariableOp(handle, TFloat32.class);
        Operand<TFloat32> neutralRead = Layout.converted(kind) ? tf.linalg.transpose(read, tf.constant(Layout.TO_OIHW)) : read;
        return new Variable(name, kind, handle, read, neutralRead);
    }

    /** The state entry (parameter, running statistic or momentum buffer) named {@code name}. */
    Variable get(String name) {
        Variable v = state.get(name);
        if (v == null) {
            throw new IllegalStateException("no variable for state entry '" + name + "'");
        }
        return v;
    }

    /** Every state entry in export order. */
    Map<String, Variable> state() {
        return state;
    }

    Map<String, Importer> importers() {
        return importers;
    }

    /** The last step's gradient of each trainable parameter, in parameter order. */
    Map<String, Variable> gradients() {
        return gradients;
    }
}
