package io.github.resnetspi.dl4j;

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
import io.github.resnetspi.api.graph.Window;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every op of the API as SameDiff ops on NCHW activations (convolution weights in {@link Layout}'s YXIO), and the
 * loss. One instance lowers a network once for one mode. In train mode batch norm normalises with the batch
 * mean and biased variance, built from reductions so that autodiff differentiates through them, and records both per
 * node ({@link #batchStatistics()}) for the running-average update; in eval mode it uses the running statistics.
 */
final class Dl4jOps implements OpVisitor<SDVariable> {
    private static final int[] SPATIAL = {2, 3};
    private static final int[] PER_CHANNEL = {0, 2, 3};

    /** A train-mode batch norm's batch mean and biased variance, each of shape [C]. */
    record BatchStatistics(SDVariable mean, SDVariable variance) {
    }

    private final SameDiff sd;
    private final Map<String, SDVariable> state;
    private final boolean training;
    private final Map<String, SDVariable> outputs = new LinkedHashMap<>();
    private final Map<String, BatchStatistics> batchStatistics = new LinkedHashMap<>();

    private Dl4jOps(SameDiff sd, Map<String, SDVariable> state, boolean training) {
        this.sd = sd;
        this.state = state;
        this.training = training;
    }

    /**
     * Lowers every node of {@code network} onto {@code input}.
     *
     * @param sd       the graph to add to
     * @param network  the network
     * @param input    the NCHW images
     * @param state    the graph's variable for every state entry, by entry name
     * @param training train mode (batch statistics) or eval mode (running statistics)
     * @return the lowering, with every node's output
     */
    static Dl4jOps lower(SameDiff sd, Network network, SDVariable input, Map<String, SDVariable> state, boolean training) {
        Dl4jOps ops = new Dl4jOps(sd, state, training);
        ops.outputs.put(Network.INPUT, input);
        for (Node n : network.nodes()) {
            ops.outputs.put(n.name(), n.accept(ops));
        }
        ops.outputs.remove(Network.INPUT);
        return ops;
    }

    /**
     * The mean softmax cross-entropy over the batch, {@code −mean(Σ onehot·log softmax(logits))}, the log-softmax
     * written as {@code z − max(z) − log Σ exp(z − max(z))} (SameDiff's {@code logSoftmax} with an axis cannot be
     * differentiated in 1.0.0-M2.1: its gradient function fails to copy the op's axis).
     *
     * @param sd     the graph
     * @param logits (N, classes) logits
     * @param oneHot (N, classes) one-hot labels
     * @return the scalar loss
     */
    static SDVariable loss(SameDiff sd, SDVariable logits, SDVariable oneHot) {
        SDVariable shifted = logits.sub(logits.max(true, 1));
        SDVariable logProbabilities = shifted.sub(sd.math.log(sd.math.exp(shifted).sum(true, 1)));
        return logProbabilities.mul(oneHot).sum(1).mean().neg();
    }

    /** @return each node's output (NCHW for images, (N, F) otherwise), in node order */
    Map<String, SDVariable> outputs() {
        return Collections.unmodifiableMap(outputs);
    }

    /** @return the batch statistics of every batch norm by node name (train mode; empty in eval mode) */
    Map<String, BatchStatistics> batchStatistics() {
        return Collections.unmodifiableMap(batchStatistics);
    }

    private SDVariable in(Node n, int i) {
        return outputs.get(n.inputs().get(i));
    }

    private SDVariable param(Node n, ParameterKind kind) {
        return state.get(n.parameterName(kind));
    }

    @Override
    public SDVariable conv(Node n, Conv2d c) {
        Window w = Window.of(n).orElseThrow();
        Padding p = c.padding();
        // SameDiff's conv pads the same on both sides of an axis; any other padding is an explicit zero pad first
        boolean own = p.top() == p.bottom() && p.left() == p.right();
        SDVariable x = own ? in(n, 0) : pad(in(n, 0), p, 0);
        Conv2DConfig config = Conv2DConfig.builder()
                .kH(w.kernelH()).kW(w.kernelW()).sH(c.strideH()).sW(c.strideW())
                .pH(own ? p.top() : 0).pW(own ? p.left() : 0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.YXIO)
                .build();
        SDVariable weight = param(n, ParameterKind.CONV_WEIGHT);
        return c.bias() ? sd.cnn.conv2d(x, weight, param(n, ParameterKind.BIAS), config) : sd.cnn.conv2d(x, weight, config);
    }

    @Override
    public SDVariable batchNorm(Node n, BatchNorm2d b) {
        SDVariable x = in(n, 0);
        long channels = n.outputShape().dim(0);
        SDVariable centred;
        SDVariable variance;
        if (training) {
            SDVariable mean = x.mean(true, PER_CHANNEL);
            centred = x.sub(mean);
            variance = centred.mul(centred).mean(true, PER_CHANNEL);
            batchStatistics.put(n.name(), new BatchStatistics(mean.reshape(channels), variance.reshape(channels)));
        } else {
            centred = x.sub(param(n, ParameterKind.RUNNING_MEAN).reshape(1, channels, 1, 1));
            variance = param(n, ParameterKind.RUNNING_VAR).reshape(1, channels, 1, 1);
        }
        SDVariable scale = sd.math.rsqrt(variance.add(b.epsilon()))
                .mul(param(n, ParameterKind.BN_GAMMA).reshape(1, channels, 1, 1));
        return centred.mul(scale).add(param(n, ParameterKind.BN_BETA).reshape(1, channels, 1, 1));
    }

    @Override
    public SDVariable relu(Node n, Relu op) {
        return sd.nn.relu(in(n, 0), 0);
    }

    @Override
    public SDVariable add(Node n, Add op) {
        return in(n, 0).add(in(n, 1));
    }

    @Override
    public SDVariable maxPool(Node n, MaxPool2d m) {
        // a padded cell is −∞, so it never wins and never receives gradient
        SDVariable x = pad(in(n, 0), m.padding(), Double.NEGATIVE_INFINITY);
        return sd.cnn.maxPooling2d(x, pooling(m.kernelH(), m.kernelW(), m.strideH(), m.strideW(), Pooling2D.Pooling2DType.MAX));
    }

    @Override
    public SDVariable avgPool(Node n, AvgPool2d a) {
        // zero padding and an unpadded pool divide every window by kH·kW: count_include_pad
        SDVariable x = pad(in(n, 0), a.padding(), 0);
        SDVariable y = sd.cnn.avgPooling2d(x, pooling(a.kernelH(), a.kernelW(), a.strideH(), a.strideW(), Pooling2D.Pooling2DType.AVG));
        if (a.countIncludePad() || a.padding().isZero()) {
            return y;
        }
        Window w = Window.of(n).orElseThrow();
        return y.mul(sd.constant(Nd4j.create(w.excludePadScale(), new long[] {1, 1, w.outH(), w.outW()}, 'c')));
    }

    @Override
    public SDVariable globalAvgPool(Node n, GlobalAvgPool op) {
        return in(n, 0).mean(true, SPATIAL);
    }

    @Override
    public SDVariable flatten(Node n, Flatten op) {
        return in(n, 0).reshape(-1, n.outputShape().dim(0));
    }

    @Override
    public SDVariable dense(Node n, Dense d) {
        SDVariable y = sd.mmul(in(n, 0), param(n, ParameterKind.DENSE_WEIGHT), false, true, false);
        return d.bias() ? y.add(param(n, ParameterKind.BIAS)) : y;
    }

    private static Pooling2DConfig pooling(int kH, int kW, int sH, int sW, Pooling2D.Pooling2DType type) {
        return Pooling2DConfig.builder().kH(kH).kW(kW).sH(sH).sW(sW).pH(0).pW(0).dH(1).dW(1)
                .type(type).divisor(Pooling2D.Divisor.INCLUDE_PADDING).paddingMode(PaddingMode.VALID).isNHWC(false)
                .build();
    }

    private SDVariable pad(SDVariable x, Padding p, double value) {
        if (p.isZero()) {
            return x;
        }
        SDVariable paddings = sd.constant(Nd4j.createFromArray(new int[][] {
            {0, 0}, {0, 0}, {p.top(), p.bottom()}, {p.left(), p.right()}}));
        return sd.nn.pad(x, paddings, PadMode.CONSTANT, value);
    }
}
