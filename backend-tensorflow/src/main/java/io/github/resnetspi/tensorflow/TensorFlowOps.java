package io.github.resnetspi.tensorflow;

import io.github.resnetspi.api.graph.Add;
import io.github.resnetspi.api.graph.AvgPool2d;
import io.github.resnetspi.api.graph.BatchNorm2d;
import io.github.resnetspi.api.graph.Conv2d;
import io.github.resnetspi.api.graph.Dense;
import io.github.resnetspi.api.graph.Flatten;
import io.github.resnetspi.api.graph.GlobalAvgPool;
import io.github.resnetspi.api.graph.MaxPool2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.OpVisitor;
import io.github.resnetspi.api.graph.Padding;
import io.github.resnetspi.api.graph.ParameterKind;
import io.github.resnetspi.api.graph.Relu;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.graph.Window;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.AvgPool;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Every op of a network as TensorFlow ops on NHWC activations, and the loss. One instance is the forward pass in one
 * mode: in train mode batch norm normalises with batch statistics and {@link #runningStatUpdates()} write the new
 * running statistics (the caller decides whether to run them); in eval mode it uses the running statistics.
 */
final class TensorFlowOps implements OpVisitor<Operand<TFloat32>> {
    private static final String NHWC = "NHWC";

    private final Ops tf;
    private final StateVariables vars;
    private final boolean training;
    private final Map<String, Operand<TFloat32>> outputs = new LinkedHashMap<>();
    private final List<Op> runningStatUpdates = new ArrayList<>();

    private TensorFlowOps(Ops tf, StateVariables vars, boolean training) {
        this.tf = tf;
        this.vars = vars;
        this.training = training;
    }

    /** Builds every node of {@code network} on {@code inputNhwc}. */
    static TensorFlowOps build(Ops tf, Network network, Operand<TFloat32> inputNhwc, StateVariables vars,
                               boolean training) {
        TensorFlowOps g = new TensorFlowOps(tf, vars, training);
        g.outputs.put(Network.INPUT, inputNhwc);
        for (Node n : network.nodes()) {
            g.outputs.put(n.name(), n.accept(g));
        }
        g.outputs.remove(Network.INPUT);
        return g;
    }

    /** Each node's output in the internal layout: NHWC for images, (N, F) otherwise. */
    Map<String, Operand<TFloat32>> outputs() {
        return Collections.unmodifiableMap(outputs);
    }

    /** The assigns of new BN running statistics (train mode only; empty in eval mode). */
    List<Op> runningStatUpdates() {
        return Collections.unmodifiableList(runningStatUpdates);
    }

    /**
     * The loss: softmax cross-entropy of {@code logits} against {@code labels}, averaged over the batch. Dense, on
     * one-hot labels: the sparse op has no registered gradient in TF Java.
     *
     * @param logits  (N, classes)
     * @param labels  class indices, (N)
     * @param classes the number of classes
     * @return the scalar loss
     */
    Operand<TFloat32> softmaxCrossEntropy(Operand<TFloat32> logits, Operand<TInt32> labels, int classes) {
        Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(classes), tf.constant(1f), tf.constant(0f));
        Operand<TFloat32> perExample = tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss();
        return tf.math.mean(perExample, tf.constant(0));
    }

    private Operand<TFloat32> in(Node n, int i) {
        return outputs.get(n.inputs().get(i));
    }

    @Override
    public Operand<TFloat32> conv(Node n, Conv2d c) {
        // TensorFlow's own 'SAME' where it pads exactly as declared (3x3 stride-1 convs), so no Pad op and no padded
        // copy of the activation; otherwise an explicit Pad before a VALID conv. (Conv2D's EXPLICIT padding would
        // cover every case, but TF's C++ gradient of Conv2D drops explicit_paddings, so it cannot be trained.)
        Window w = Window.of(n).orElseThrow();
        boolean same = !c.padding().isZero() && c.padding().equals(
                Padding.tfSame(w.inH(), w.inW(), w.kernelH(), w.kernelW(), w.strideH(), w.strideW()));
        Operand<TFloat32> x = same ? in(n, 0) : pad(in(n, 0), c.padding(), 0f);
        Operand<TFloat32> y = tf.nn.conv2d(x, vars.get(n.parameterName(ParameterKind.CONV_WEIGHT)).read(),
                List.of(1L, (long) c.strideH(), (long) c.strideW(), 1L), same ? "SAME" : "VALID",
                org.tensorflow.op.nn.Conv2d.dataFormat(NHWC));
        return c.bias() ? tf.nn.biasAdd(y, vars.get(n.parameterName(ParameterKind.BIAS)).read(),
                org.tensorflow.op.nn.BiasAdd.dataFormat(NHWC)) : y;
    }

    @Override
    public Operand<TFloat32> batchNorm(Node n, BatchNorm2d b) {
        StateVariables.Variable mean = vars.get(n.parameterName(ParameterKind.RUNNING_MEAN));
        StateVariables.Variable var = vars.get(n.parameterName(ParameterKind.RUNNING_VAR));
        // With exponential_avg_factor f, training FusedBatchNormV3 returns (1-f)·running + f·batch for the mean and
        // for the variance with the unbiased batch variance (Bessel-corrected on TF's CPU and GPU kernels alike),
        // while it normalises with the biased one: exactly the API's convention with f = momentum.
        FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(in(n, 0),
                vars.get(n.parameterName(ParameterKind.BN_GAMMA)).read(),
                vars.get(n.parameterName(ParameterKind.BN_BETA)).read(), mean.read(), var.read(),
                FusedBatchNorm.epsilon((float) b.epsilon()),
                FusedBatchNorm.exponentialAvgFactor((float) b.momentum()),
                FusedBatchNorm.dataFormat(NHWC),
                FusedBatchNorm.isTraining(training));
        if (training) {
            runningStatUpdates.add(tf.assignVariableOp(mean.handle(), bn.batchMean()));
            runningStatUpdates.add(tf.assignVariableOp(var.handle(), bn.batchVariance()));
        }
        return bn.y();
    }

    @Override
    public Operand<TFloat32> relu(Node n, Relu op) {
        return tf.nn.relu(in(n, 0));
    }

    @Override
    public Operand<TFloat32> add(Node n, Add op) {
        return tf.math.add(in(n, 0), in(n, 1));
    }

    @Override
    public Operand<TFloat32> maxPool(Node n, MaxPool2d m) {
        // padding is -inf so that a padded cell never wins (and never receives gradient). The op is MaxPool, with
        // window and strides as attributes: TensorFlow's oneDNN rewrite has kernels for it and its gradient, not for
        // MaxPoolV2 (what tf.nn.maxPool builds), whose gradient falls back to a slow Eigen kernel (6% of a step)
        Operand<TFloat32> x = pad(in(n, 0), m.padding(), Float.NEGATIVE_INFINITY);
        org.tensorflow.Operation pool = tf.scope().opBuilder("MaxPool", "MaxPool")
                .addInput(x.asOutput())
                .setAttr("ksize", new long[] {1, m.kernelH(), m.kernelW(), 1})
                .setAttr("strides", new long[] {1, m.strideH(), m.strideW(), 1})
                .setAttr("padding", "VALID")
                .setAttr("data_format", NHWC)
                .build();
        return pool.output(0);
    }

    @Override
    public Operand<TFloat32> avgPool(Node n, AvgPool2d a) {
        // zero padding + VALID divides every window by kernelH·kernelW: count_include_pad
        Operand<TFloat32> x = pad(in(n, 0), a.padding(), 0f);
        Operand<TFloat32> y = tf.nn.avgPool(x, List.of(1L, (long) a.kernelH(), (long) a.kernelW(), 1L),
                List.of(1L, (long) a.strideH(), (long) a.strideW(), 1L), "VALID", AvgPool.dataFormat(NHWC));
        if (a.countIncludePad() || a.padding().isZero()) {
            return y;
        }
        Window w = Window.of(n).orElseThrow();
        return tf.math.mul(y, tf.constant(org.tensorflow.ndarray.Shape.of(1, w.outH(), w.outW(), 1),
                DataBuffers.of(w.excludePadScale())));
    }

    @Override
    public Operand<TFloat32> globalAvgPool(Node n, GlobalAvgPool op) {
        return tf.math.mean(in(n, 0), tf.constant(new int[] {1, 2}), org.tensorflow.op.math.Mean.keepDims(true));
    }

    @Override
    public Operand<TFloat32> flatten(Node n, Flatten op) {
        Operand<TFloat32> x = in(n, 0);
        Shape s = n.inputShape();
        if (s.rank() == 3 && s.dim(1) * s.dim(2) > 1) {
            // the API flattens in C, H, W order: go back to NCHW first
            x = tf.linalg.transpose(x, tf.constant(Layout.TO_NCHW));
        }
        return tf.reshape(x, tf.constant(new int[] {-1, n.outputShape().dim(0)}));
    }

    @Override
    public Operand<TFloat32> dense(Node n, Dense d) {
        Operand<TFloat32> y = tf.linalg.matMul(in(n, 0), vars.get(n.parameterName(ParameterKind.DENSE_WEIGHT)).read(),
                org.tensorflow.op.linalg.MatMul.transposeB(true));
        return d.bias() ? tf.nn.biasAdd(y, vars.get(n.parameterName(ParameterKind.BIAS)).read()) : y;
    }

    private Operand<TFloat32> pad(Operand<TFloat32> x, Padding p, float value) {
        if (p.isZero()) {
            return x;
        }
        Operand<TInt32> paddings = tf.constant(new int[][] {
            {0, 0}, {p.top(), p.bottom()}, {p.left(), p.right()}, {0, 0}});
        return tf.pad(x, paddings, tf.constant(value));
    }
}
