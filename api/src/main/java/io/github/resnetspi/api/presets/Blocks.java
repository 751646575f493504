package io.github.resnetspi.api.presets;

import io.github.resnetspi.api.graph.NetworkBuilder;

/** Residual blocks of the different ResNet families; each returns the name of its output node. */
final class Blocks {
    private Blocks() {
    }

    /**
     * d2l's (and the Gluon notebook's) {@code Residual}: 3×3 conv (bias) → BN → ReLU → 3×3 conv (bias) → BN, plus an
     * optional 1×1 conv (bias, no BN) on the shortcut, add, ReLU.
     */
    static String d2lResidual(NetworkBuilder b, String p, String x, int out, int stride, boolean use1x1) {
        String y = b.conv(p + ".conv1", x, out, 3, stride, 1, true);
        y = b.batchNorm(p + ".bn1", y);
        y = b.relu(p + ".relu1", y);
        y = b.conv(p + ".conv2", y, out, 3, 1, 1, true);
        y = b.batchNorm(p + ".bn2", y);
        String shortcut = use1x1 ? b.conv(p + ".shortcut", x, out, 1, stride, 0, true) : x;
        return b.relu(p + ".relu2", b.add(p + ".add", y, shortcut));
    }

    /** torchvision's {@code BasicBlock}: convs without bias; projection = 1×1 conv + BN when shape changes. */
    static String basic(NetworkBuilder b, String p, String x, int out, int stride) {
        int in = b.shapeOf(x).dim(0);
        String y = b.conv(p + ".conv1", x, out, 3, stride, 1, false);
        y = b.batchNorm(p + ".bn1", y);
        y = b.relu(p + ".relu1", y);
        y = b.conv(p + ".conv2", y, out, 3, 1, 1, false);
        y = b.batchNorm(p + ".bn2", y);
        String shortcut = projection(b, p, x, in, out, stride);
        return b.relu(p + ".relu2", b.add(p + ".add", y, shortcut));
    }

    /** torchvision's {@code Bottleneck} (ResNet v1.5: stride on the 3×3 conv), expansion 4. */
    static String bottleneck(NetworkBuilder b, String p, String x, int width, int stride) {
        int in = b.shapeOf(x).dim(0);
        int out = width * 4;
        String y = b.conv(p + ".conv1", x, width, 1, 1, 0, false);
        y = b.batchNorm(p + ".bn1", y);
        y = b.relu(p + ".relu1", y);
        y = b.conv(p + ".conv2", y, width, 3, stride, 1, false);
        y = b.batchNorm(p + ".bn2", y);
        y = b.relu(p + ".relu2", y);
        y = b.conv(p + ".conv3", y, out, 1, 1, 0, false);
        y = b.batchNorm(p + ".bn3", y);
        String shortcut = projection(b, p, x, in, out, stride);
        return b.relu(p + ".relu3", b.add(p + ".add", y, shortcut));
    }

    /**
     * Pre-activation block (He et al., "Identity Mappings in Deep Residual Networks", 2016): BN → ReLU → 3×3 conv →
     * BN → ReLU → 3×3 conv, added to the input, or to a 1×1 projection of the pre-activated input when shape changes.
     */
    static String preActivation(NetworkBuilder b, String p, String x, int out, int stride) {
        int in = b.shapeOf(x).dim(0);
        String pre = b.relu(p + ".relu1", b.batchNorm(p + ".bn1", x));
        String y = b.conv(p + ".conv1", pre, out, 3, stride, 1, false);
        y = b.relu(p + ".relu2", b.batchNorm(p + ".bn2", y));
        y = b.conv(p + ".conv2", y, out, 3, 1, 1, false);
        String shortcut = in != out || stride != 1 ? b.conv(p + ".shortcut", pre, out, 1, stride, 0, false) : x;
        return b.add(p + ".add", y, shortcut);
    }

    /**
     * The Keras seed's block: convs with {@code padding='same'} (TensorFlow's rule, asymmetric for stride 2 on even
     * sizes) and bias, Keras BN defaults (ε = 1e-3, momentum 0.99, i.e. 0.01 in PyTorch's convention).
     */
    static String keras(NetworkBuilder b, String p, String x, int out, int stride) {
        int in = b.shapeOf(x).dim(0);
        String y = b.convTfSame(p + ".conv1", x, out, 3, stride, true);
        y = b.batchNorm(p + ".bn1", y, Presets.KERAS_BN_EPSILON, Presets.KERAS_BN_MOMENTUM);
        y = b.relu(p + ".relu1", y);
        y = b.convTfSame(p + ".conv2", y, out, 3, 1, true);
        y = b.batchNorm(p + ".bn2", y, Presets.KERAS_BN_EPSILON, Presets.KERAS_BN_MOMENTUM);
        String shortcut = x;
        if (in != out || stride != 1) {
            shortcut = b.convTfSame(p + ".shortcut.conv", x, out, 1, stride, true);
            shortcut = b.batchNorm(p + ".shortcut.bn", shortcut, Presets.KERAS_BN_EPSILON, Presets.KERAS_BN_MOMENTUM);
        }
        return b.relu(p + ".relu2", b.add(p + ".add", y, shortcut));
    }

    private static String projection(NetworkBuilder b, String p, String x, int in, int out, int stride) {
        if (in == out && stride == 1) {
            return x;
        }
        String s = b.conv(p + ".shortcut.conv", x, out, 1, stride, 0, false);
        return b.batchNorm(p + ".shortcut.bn", s);
    }
}
