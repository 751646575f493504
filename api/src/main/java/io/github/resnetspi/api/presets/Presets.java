package io.github.resnetspi.api.presets;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.NetworkBuilder;
import io.github.resnetspi.api.graph.Padding;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ResNets of the seeds and of the literature, one line each in {@link #all()}; {@link #build(String)} builds one by
 * name. The names:
 * <ul>
 *   <li>{@code d2l-resnet18}: the d2l.ai chapter's ResNet-18 (Fashion-MNIST, 1×96×96, 10 classes)</li>
 *   <li>{@code resnet18}, {@code resnet34}: torchvision's basic-block ResNets (ImageNet, 3×224×224, 1000 classes)</li>
 *   <li>{@code resnet50}, {@code resnet101}, {@code resnet152}: torchvision's bottleneck ResNets (v1.5)</li>
 *   <li>{@code preact-resnet18}: the pre-activation ResNet-18 (v2)</li>
 *   <li>{@code gluon-resnet18-cifar10}: the Gluon notebook's CIFAR-10 ResNet-18</li>
 *   <li>{@code keras-resnet}: the Keras seed's ResNet (Keras batch-norm ε and momentum; 1×28×28)</li>
 *   <li>{@code resnet-tiny}: a small ResNet for tests and first steps (1×28×28, 10 classes)</li>
 * </ul>
 * Each preset's description and default input are in {@link #all()}; {@code resnet-spi shapes --model NAME} prints
 * them. Node names are {@code stem.*}, {@code stageK.blockJ.*} (K from 1), and head nodes; the last node of each
 * top-level name is what the seeds print layer by layer ({@link Network#blockOutputs()}).
 */
public final class Presets {
    static final double KERAS_BN_EPSILON = 1e-3;
    static final double KERAS_BN_MOMENTUM = 0.01;

    private static final PresetOptions FASHION_96 = new PresetOptions(1, 96, 96, 10);
    private static final PresetOptions FASHION_28 = new PresetOptions(1, 28, 28, 10);
    private static final PresetOptions IMAGENET = new PresetOptions(3, 224, 224, 1000);
    private static final PresetOptions CIFAR_224 = new PresetOptions(3, 224, 224, 10);

    private static final Map<String, Preset> PRESETS = register(
            new Preset("d2l-resnet18", "d2l.ai ResNet-18: 7x7/2 stem + BN + max-pool, 4x2 basic blocks with biased convs and "
                    + "1x1 projections, global average pool, dense", FASHION_96, Presets::d2lResnet18),
            new Preset("resnet18", "ResNet-18 (torchvision): basic blocks [2,2,2,2], bias-free convs, 1x1 conv + BN projections",
                    IMAGENET, o -> torchvision("resnet18", o, new int[] {2, 2, 2, 2}, false)),
            new Preset("resnet34", "ResNet-34 (torchvision): basic blocks [3,4,6,3]",
                    IMAGENET, o -> torchvision("resnet34", o, new int[] {3, 4, 6, 3}, false)),
            new Preset("resnet50", "ResNet-50 v1.5 (torchvision): bottleneck blocks [3,4,6,3]",
                    IMAGENET, o -> torchvision("resnet50", o, new int[] {3, 4, 6, 3}, true)),
            new Preset("resnet101", "ResNet-101 v1.5: bottleneck blocks [3,4,23,3]",
                    IMAGENET, o -> torchvision("resnet101", o, new int[] {3, 4, 23, 3}, true)),
            new Preset("resnet152", "ResNet-152 v1.5: bottleneck blocks [3,8,36,3]",
                    IMAGENET, o -> torchvision("resnet152", o, new int[] {3, 8, 36, 3}, true)),
            new Preset("preact-resnet18", "Pre-activation ResNet-18 (v2): BN-ReLU-conv blocks [2,2,2,2], final BN + ReLU",
                    IMAGENET, Presets::preactResnet18),
            new Preset("gluon-resnet18-cifar10", "The Gluon notebook's CIFAR-10 ResNet-18: 7x7/2 stem without BN, max-pool, "
                    + "d2l blocks, AvgPool(7) + flatten + dense", CIFAR_224, Presets::gluonCifar),
            new Preset("keras-resnet", "The Keras seed's ResNet: 3x3/1 unpadded stem + BN + ReLU, max-pool 2/1 'SAME', "
                    + "blocks with 'SAME' convs and Keras BN defaults", FASHION_28, Presets::keras),
            new Preset("resnet-tiny", "A small ResNet for tests: 3x3 stem (8 ch) + BN + max-pool, one basic block of 8 and "
                    + "one of 16 channels (stride 2, projection)", FASHION_28, Presets::tiny));

    private Presets() {
    }

    /** @return every preset, in display order */
    public static List<Preset> all() {
        return List.copyOf(PRESETS.values());
    }

    /** @return every preset's name, in display order */
    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    /**
     * @param name a preset's name
     * @return that preset
     * @throws IllegalArgumentException listing the known names when there is none of that name
     */
    public static Preset get(String name) {
        Preset p = PRESETS.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known models: " + String.join(", ", PRESETS.keySet()));
        }
        return p;
    }

    /**
     * @param name a preset's name
     * @return the named preset built for its usual input
     */
    public static Network build(String name) {
        return get(name).build();
    }

    /**
     * @param name    a preset's name
     * @param options the input size and classes to build it for
     * @return the named preset built for them
     */
    public static Network build(String name, PresetOptions options) {
        return get(name).build(options);
    }

    /**
     * @param o the input size and classes
     * @return d2l.ai's ResNet-18 (chapter "Residual Networks")
     */
    public static Network d2lResnet18(PresetOptions o) {
        NetworkBuilder b = Network.builder("d2l-resnet18", o.channels(), o.height(), o.width());
        String x = imagenetStem(b, true);
        x = d2lStages(b, x);
        return head(b, x, o.classes());
    }

    /**
     * A single d2l {@code Residual} block, as the chapter first tries it: a 1×1 shortcut when channels or stride change.
     *
     * @param inChannels  input channels
     * @param outChannels output channels
     * @param stride      stride of the first convolution (and of the shortcut)
     * @param height      input height
     * @param width       input width
     * @return a network of that one block, whose output is the block's (not logits)
     */
    public static Network residualBlock(int inChannels, int outChannels, int stride, int height, int width) {
        NetworkBuilder b = Network.builder("residual-block", inChannels, height, width);
        boolean use1x1 = inChannels != outChannels || stride != 1;
        return b.build(Blocks.d2lResidual(b, "block", Network.INPUT, outChannels, stride, use1x1));
    }

    static Network torchvision(String name, PresetOptions o, int[] blocks, boolean bottleneck) {
        NetworkBuilder b = Network.builder(name, o.channels(), o.height(), o.width());
        String x = imagenetStem(b, false);
        int[] widths = {64, 128, 256, 512};
        for (int s = 0; s < 4; s++) {
            for (int k = 0; k < blocks[s]; k++) {
                int stride = k == 0 && s > 0 ? 2 : 1;
                String p = "stage" + (s + 1) + ".block" + k;
                x = bottleneck ? Blocks.bottleneck(b, p, x, widths[s], stride) : Blocks.basic(b, p, x, widths[s], stride);
            }
        }
        return head(b, x, o.classes());
    }

    static Network preactResnet18(PresetOptions o) {
        NetworkBuilder b = Network.builder("preact-resnet18", o.channels(), o.height(), o.width());
        String x = imagenetStem(b, false);
        int[] widths = {64, 128, 256, 512};
        for (int s = 0; s < 4; s++) {
            for (int k = 0; k < 2; k++) {
                x = Blocks.preActivation(b, "stage" + (s + 1) + ".block" + k, x, widths[s], k == 0 && s > 0 ? 2 : 1);
            }
        }
        x = b.relu("post.relu", b.batchNorm("post.bn", x));
        return head(b, x, o.classes());
    }

    static Network gluonCifar(PresetOptions o) {
        NetworkBuilder b = Network.builder("gluon-resnet18-cifar10", o.channels(), o.height(), o.width());
        String x = b.conv("stem.conv", Network.INPUT, 64, 7, 2, 3, true);
        x = b.maxPool("stem.pool", x, 3, 2, Padding.symmetric(1));
        x = d2lStages(b, x);
        // Gluon's AvgPool2D(7): stride defaults to the pool size; no padding, so count_include_pad cannot matter.
        x = b.avgPool("head.pool", x, 7, 7, Padding.NONE, true);
        x = b.flatten("head.flatten", x);
        return b.build(b.dense("head.fc", x, o.classes(), true));
    }

    static Network keras(PresetOptions o) {
        NetworkBuilder b = Network.builder("keras-resnet", o.channels(), o.height(), o.width());
        String x = b.conv("stem.conv", Network.INPUT, 64, 3, 1, 0, true);
        x = b.batchNorm("stem.bn", x, KERAS_BN_EPSILON, KERAS_BN_MOMENTUM);
        x = b.relu("stem.relu", x);
        x = b.maxPoolTfSame("stem.pool", x, 2, 1);
        int[] channels = {64, 128, 256, 512};
        for (int s = 0; s < 4; s++) {
            for (int k = 0; k < 2; k++) {
                x = Blocks.keras(b, "stage" + (s + 1) + ".block" + k, x, channels[s], k == 0 && s > 0 ? 2 : 1);
            }
        }
        return head(b, x, o.classes());
    }

    static Network tiny(PresetOptions o) {
        NetworkBuilder b = Network.builder("resnet-tiny", o.channels(), o.height(), o.width());
        String x = b.conv("stem.conv", Network.INPUT, 8, 3, 1, 1, false);
        x = b.batchNorm("stem.bn", x);
        x = b.relu("stem.relu", x);
        x = b.maxPool("stem.pool", x, 3, 2, Padding.symmetric(1));
        x = Blocks.basic(b, "stage1.block0", x, 8, 1);
        x = Blocks.basic(b, "stage2.block0", x, 16, 2);
        return head(b, x, o.classes());
    }

    /** d2l's four stages of two residual blocks, 64/128/256/512 channels; the first block of stages 2–4 halves H, W. */
    private static String d2lStages(NetworkBuilder b, String x) {
        int[] channels = {64, 128, 256, 512};
        for (int s = 0; s < 4; s++) {
            for (int k = 0; k < 2; k++) {
                boolean first = k == 0 && s > 0;
                x = Blocks.d2lResidual(b, "stage" + (s + 1) + ".block" + k, x, channels[s], first ? 2 : 1, first);
            }
        }
        return x;
    }

    /** The ImageNet stem all families share: 7×7/2 conv pad 3 → BN → ReLU → 3×3/2 max-pool pad 1. */
    private static String imagenetStem(NetworkBuilder b, boolean convBias) {
        String x = b.conv("stem.conv", Network.INPUT, 64, 7, 2, 3, convBias);
        x = b.batchNorm("stem.bn", x);
        x = b.relu("stem.relu", x);
        return b.maxPool("stem.pool", x, 3, 2, Padding.symmetric(1));
    }

    /** Global average pool → flatten → dense, as top-level nodes {@code gap}, {@code flatten}, {@code fc}. */
    private static Network head(NetworkBuilder b, String x, int classes) {
        x = b.globalAvgPool("gap", x);
        x = b.flatten("flatten", x);
        return b.build(b.dense("fc", x, classes, true));
    }

    private static Map<String, Preset> register(Preset... presets) {
        Map<String, Preset> m = new LinkedHashMap<>();
        for (Preset p : presets) {
            m.put(p.name(), p);
        }
        return Collections.unmodifiableMap(m);
    }
}
