package io.github.resnetspi.conformance;

import io.github.resnetspi.api.graph.AvgPool2d;
import io.github.resnetspi.api.graph.Conv2d;
import io.github.resnetspi.api.graph.MaxPool2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.NetworkBuilder;
import io.github.resnetspi.api.graph.Padding;
import java.util.List;
import java.util.function.Function;

/**
 * A tiny network around one op, for per-op checks: the op applied to the input (plus what it needs), optionally
 * followed by a flatten + dense head so that it can be trained. Each case is sized so that the semantics frameworks
 * disagree on actually show (even sizes for stride-2 'SAME' splits, all-negative inputs for max-pool padding, ...).
 *
 * @param id            short stable name
 * @param c             input channels
 * @param h             input height
 * @param w             input width
 * @param negativeInput feed inputs in [-2, -1): a zero-valued pad cell would win every padded max-pool window
 * @param scaledInput   feed channels of very different scale (BN with variance ≈ 1e-4, where ε matters)
 * @param body          adds the op's nodes to the builder, returns the output node
 */
public record OpCase(String id, int c, int h, int w, boolean negativeInput, boolean scaledInput,
                     Function<NetworkBuilder, String> body) {

    /** The op alone; its output is the op's output. */
    public Network network() {
        NetworkBuilder b = Network.builder("op-" + id, c, h, w);
        return b.build(body.apply(b));
    }

    /** The op followed by a flatten + dense(3) head (unless it ends in logits already): trainable. */
    public Network trainable() {
        NetworkBuilder b = Network.builder("op-" + id + "-trainable", c, h, w);
        String x = body.apply(b);
        if (b.shapeOf(x).rank() != 1) {
            x = b.dense("head.fc", b.flatten("head.flatten", x), 3, true);
        }
        return b.build(x);
    }

    /** Every per-op case of the kit. */
    public static List<OpCase> all() {
        return List.of(
                new OpCase("conv3x3-stride1-pad1-bias", 3, 9, 9, false, false,
                        b -> b.conv("conv", Network.INPUT, 4, 3, 1, 1, true)),
                // stride 2 on an even size: TensorFlow's 'SAME' would pad 0 before and 1 after instead of 1 and 1
                new OpCase("conv3x3-stride2-pad1-nobias-even", 3, 10, 10, false, false,
                        b -> b.conv("conv", Network.INPUT, 5, 3, 2, 1, false)),
                // the ResNet stem: 'SAME' would split the 6 padding cells as 2 + 3 (actually 2 before, 3 after)
                new OpCase("conv7x7-stride2-pad3-bias", 3, 16, 16, false, false,
                        b -> b.conv("conv", Network.INPUT, 4, 7, 2, 3, true)),
                new OpCase("conv1x1-stride2-odd", 4, 9, 9, false, false,
                        b -> b.conv("conv", Network.INPUT, 6, 1, 2, 0, true)),
                new OpCase("conv-rectangular-kernel-stride", 2, 7, 8, false, false,
                        b -> b.conv("conv", Network.INPUT, new Conv2d(3, 3, 2, 1, 2, Padding.symmetric(1, 0), true))),
                new OpCase("conv-asymmetric-padding", 3, 9, 10, false, false,
                        b -> b.conv("conv", Network.INPUT, new Conv2d(4, 3, 3, 2, 2, new Padding(0, 1, 1, 2), true))),
                // few values per channel (batch × 3 × 2), so that the running variance's m/(m−1) correction shows
                new OpCase("batchnorm", 6, 3, 2, false, true,
                        b -> b.batchNorm("bn", Network.INPUT)),
                new OpCase("relu", 3, 6, 6, false, false,
                        b -> b.relu("relu", Network.INPUT)),
                new OpCase("maxpool3x3-stride2-pad1-negative", 3, 10, 10, true, false,
                        b -> b.maxPool("pool", Network.INPUT, 3, 2, Padding.symmetric(1))),
                new OpCase("maxpool-asymmetric-padding-negative", 2, 9, 9, true, false,
                        b -> b.node("pool", new MaxPool2d(3, 3, 2, 2, new Padding(1, 2, 0, 1)), Network.INPUT)),
                new OpCase("avgpool3x3-stride2-nopad", 3, 9, 9, false, false,
                        b -> b.avgPool("pool", Network.INPUT, 3, 2, Padding.NONE, false)),
                new OpCase("avgpool3x3-stride2-pad1-include-pad", 3, 10, 10, false, false,
                        b -> b.avgPool("pool", Network.INPUT, 3, 2, Padding.symmetric(1), true)),
                new OpCase("avgpool3x3-stride2-pad1-exclude-pad", 3, 10, 10, false, false,
                        b -> b.node("pool", AvgPool2d.square(3, 2, Padding.symmetric(1), false), Network.INPUT)),
                new OpCase("global-avgpool", 5, 7, 6, false, false,
                        b -> b.globalAvgPool("gap", Network.INPUT)),
                new OpCase("flatten-dense-bias", 4, 3, 5, false, false,
                        b -> b.dense("fc", b.flatten("flatten", Network.INPUT), 7, true)),
                new OpCase("flatten-dense-nobias", 4, 3, 5, false, false,
                        b -> b.dense("fc", b.flatten("flatten", Network.INPUT), 7, false)),
                new OpCase("add", 4, 6, 6, false, false,
                        b -> b.add("add", Network.INPUT, b.conv("conv", Network.INPUT, 4, 3, 1, 1, true))));
    }

    public static OpCase get(String id) {
        return all().stream().filter(o -> o.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no op case '" + id + "'"));
    }
}
