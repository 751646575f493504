package io.github.resnetspi.conformance;

import io.github.resnetspi.api.graph.AvgPool2d;
import io.github.resnetspi.api.graph.Conv2d;
import io.github.resnetspi.api.graph.Dense;
import io.github.resnetspi.api.graph.MaxPool2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.NetworkBuilder;
import io.github.resnetspi.api.graph.Padding;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import java.util.List;
import java.util.function.Function;

/**
 * A tiny network around one op, for per-op checks: the op applied to the input (plus what it needs), optionally
 * followed by a flatten + dense head so that it can be trained. Each case is sized so that the semantics frameworks
 * disagree on actually show (even sizes for stride-2 'SAME' splits, all-negative inputs for max-pool padding,
 * non-square kernels and asymmetric padding for average-pool divisors, a square dense layer for its layout, ...);
 * the README says what each case is for.
 *
 * @param id    short stable name, used in check ids ({@code forwardOp[id]}, {@code trainingTwoSteps[op:id]})
 * @param c     input channels
 * @param h     input height
 * @param w     input width
 * @param input what the inputs look like
 * @param state what the imported state looks like
 * @param body  adds the op's nodes to the builder, returns the output node
 */
public record OpCase(String id, int c, int h, int w, Input input, State state, Function<NetworkBuilder, String> body) {

    /** The inputs a case feeds. */
    public enum Input {
        /** Uniform in [-1, 1). */
        UNIFORM,
        /** Uniform in [-2, -1): a zero-valued pad cell would win every padded max-pool window. */
        NEGATIVE,
        /** Channels of very different scale ({@link TestData#scaledChannels}): batch norm with variance ≈ 1e-4, where ε matters. */
        SCALED_CHANNELS,
        /** Uniform in [-1, 1) with every channel exactly 0 on half the pixels ({@link TestData#withZeroPixels}). */
        ZERO_PIXELS
    }

    /** The state a case imports. */
    public enum State {
        /** {@link TestData#randomState}: nothing at its default. */
        RANDOM,
        /** Random, with running statistics at the scale of {@link Input#SCALED_CHANNELS} data ({@link TestData#dataScaleStatistics}). */
        DATA_SCALE_STATISTICS,
        /** Random, with every convolution bias exactly 0 ({@link TestData#zeroConvBiases}). */
        ZERO_CONV_BIASES
    }

    private static OpCase of(String id, int c, int h, int w, Function<NetworkBuilder, String> body) {
        return new OpCase(id, c, h, w, Input.UNIFORM, State.RANDOM, body);
    }

    /** @return the op alone; its output is the op's output */
    public Network network() {
        NetworkBuilder b = Network.builder("op-" + id, c, h, w);
        return b.build(body.apply(b));
    }

    /** @return the op followed by a flatten + dense(3) head (unless it ends in logits already): trainable */
    public Network trainable() {
        NetworkBuilder b = Network.builder("op-" + id + "-trainable", c, h, w);
        String x = body.apply(b);
        if (b.shapeOf(x).rank() != 1) {
            x = b.dense("head.fc", b.flatten("head.flatten", x), 3, true);
        }
        return b.build(x);
    }

    /**
     * @param batch batch size
     * @param seed  seed
     * @return this case's kind of input for a batch
     */
    public FloatTensor images(int batch, long seed) {
        Shape shape = Shape.of(batch, c, h, w);
        return switch (input) {
            case UNIFORM -> TestData.uniform(shape, -1, 1, seed);
            case NEGATIVE -> TestData.uniform(shape, -2, -1, seed);
            case SCALED_CHANNELS -> TestData.scaledChannels(shape, seed);
            case ZERO_PIXELS -> TestData.withZeroPixels(shape, seed);
        };
    }

    /**
     * @param net  {@link #network()} or {@link #trainable()}
     * @param seed seed
     * @return this case's kind of state for {@code net}
     */
    public NamedTensors state(Network net, long seed) {
        NamedTensors random = TestData.randomState(net, seed);
        return switch (state) {
            case RANDOM -> random;
            case DATA_SCALE_STATISTICS -> random.with(TestData.dataScaleStatistics(net, seed));
            case ZERO_CONV_BIASES -> random.with(TestData.zeroConvBiases(net));
        };
    }

    /** @return every per-op case of the kit, in a stable order (new cases are appended) */
    public static List<OpCase> all() {
        return List.of(
                of("conv3x3-stride1-pad1-bias", 3, 9, 9, b -> b.conv("conv", Network.INPUT, 4, 3, 1, 1, true)),
                // stride 2 on an even size: TensorFlow's 'SAME' would pad 0 before and 1 after instead of 1 and 1
                of("conv3x3-stride2-pad1-nobias-even", 3, 10, 10, b -> b.conv("conv", Network.INPUT, 5, 3, 2, 1, false)),
                // the ResNet stem: 'SAME' would split the 6 padding cells as 2 + 3 (actually 2 before, 3 after)
                of("conv7x7-stride2-pad3-bias", 3, 16, 16, b -> b.conv("conv", Network.INPUT, 4, 7, 2, 3, true)),
                of("conv1x1-stride2-odd", 4, 9, 9, b -> b.conv("conv", Network.INPUT, 6, 1, 2, 0, true)),
                of("conv-rectangular-kernel-stride", 2, 7, 8,
                        b -> b.conv("conv", Network.INPUT, new Conv2d(3, 3, 2, 1, 2, Padding.symmetric(1, 0), true))),
                of("conv-asymmetric-padding", 3, 9, 10,
                        b -> b.conv("conv", Network.INPUT, new Conv2d(4, 3, 3, 2, 2, new Padding(0, 1, 1, 2), true))),
                // few values per channel (batch × 3 × 2), so that the running variance's m/(m−1) correction shows
                new OpCase("batchnorm", 6, 3, 2, Input.SCALED_CHANNELS, State.RANDOM, b -> b.batchNorm("bn", Network.INPUT)),
                of("relu", 3, 6, 6, b -> b.relu("relu", Network.INPUT)),
                new OpCase("maxpool3x3-stride2-pad1-negative", 3, 10, 10, Input.NEGATIVE, State.RANDOM,
                        b -> b.maxPool("pool", Network.INPUT, 3, 2, Padding.symmetric(1))),
                new OpCase("maxpool-asymmetric-padding-negative", 2, 9, 9, Input.NEGATIVE, State.RANDOM,
                        b -> b.node("pool", new MaxPool2d(3, 3, 2, 2, new Padding(1, 2, 0, 1)), Network.INPUT)),
                of("avgpool3x3-stride2-nopad", 3, 9, 9, b -> b.avgPool("pool", Network.INPUT, 3, 2, Padding.NONE, false)),
                of("avgpool3x3-stride2-pad1-include-pad", 3, 10, 10,
                        b -> b.avgPool("pool", Network.INPUT, 3, 2, Padding.symmetric(1), true)),
                of("avgpool3x3-stride2-pad1-exclude-pad", 3, 10, 10,
                        b -> b.node("pool", AvgPool2d.square(3, 2, Padding.symmetric(1), false), Network.INPUT)),
                of("global-avgpool", 5, 7, 6, b -> b.globalAvgPool("gap", Network.INPUT)),
                of("flatten-dense-bias", 4, 3, 5, b -> b.dense("fc", b.flatten("flatten", Network.INPUT), 7, true)),
                of("flatten-dense-nobias", 4, 3, 5, b -> b.dense("fc", b.flatten("flatten", Network.INPUT), 7, false)),
                of("add", 4, 6, 6, b -> b.add("add", Network.INPUT, b.conv("conv", Network.INPUT, 4, 3, 1, 1, true))),
                // a non-square kernel, stride and input with padding on three sides of four: an exclude-pad divisor that
                // mixes up height and width, or a kernel area taken as kH², is off on whole rows and columns
                of("avgpool3x2-stride2x1-asymmetric-exclude-pad", 3, 9, 8,
                        b -> b.node("pool", new AvgPool2d(3, 2, 2, 1, new Padding(1, 1, 0, 1), false), Network.INPUT)),
                of("avgpool3x2-stride2x1-asymmetric-include-pad", 3, 9, 8,
                        b -> b.node("pool", new AvgPool2d(3, 2, 2, 1, new Padding(1, 1, 0, 1), true), Network.INPUT)),
                // a square kernel padded 'SAME'-style (the extra cell after on H, before on W) on a non-square input
                of("avgpool3x3-stride2-asymmetric-exclude-pad", 2, 10, 9,
                        b -> b.node("pool", AvgPool2d.square(3, 2, new Padding(0, 1, 1, 0), false), Network.INPUT)),
                // as many units as inputs, after a flatten of C, H, W all > 1: a transposed weight or an NHWC flatten
                // computes without a shape error
                of("flatten-dense-square", 3, 2, 2, b -> b.dense("fc", b.flatten("flatten", Network.INPUT), 12, true)),
                // eval mode against running statistics at the data's own scale (variances ≈ 2e-5 .. 2), with a
                // non-default ε = 1e-4, so ε changes the small channels' outputs by tens of per cent, and a non-default
                // momentum 0.3
                new OpCase("batchnorm-eval-data-scale", 6, 4, 5, Input.SCALED_CHANNELS, State.DATA_SCALE_STATISTICS,
                        b -> b.batchNorm("bn", Network.INPUT, 1e-4, 0.3)),
                // half the pixels are 0 in every channel and the bias is 0, so the ReLU sees exact zeros: its gradient
                // there (0, as pinned) decides the conv bias gradient
                new OpCase("conv1x1-zero-bias-relu", 3, 6, 6, Input.ZERO_PIXELS, State.ZERO_CONV_BIASES,
                        b -> b.relu("relu", b.conv("conv", Network.INPUT, 4, 1, 1, 0, true))));
    }

    /**
     * @param id a case id
     * @return the case
     * @throws IllegalArgumentException for an unknown id
     */
    public static OpCase get(String id) {
        return all().stream().filter(o -> o.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no op case '" + id + "'"));
    }

    /** @return whether the op case ends in a dense layer of as many units as inputs */
    boolean hasSquareDense() {
        return network().nodesOf(Dense.class).stream().anyMatch(n -> n.inputShape().dim(0) == ((Dense) n.op()).units());
    }
}
