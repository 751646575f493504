package io.github.resnetspi.api.graph;

/**
 * Explicit zero padding of the two spatial axes, in elements: {@code top}/{@code bottom} on H,
 * {@code left}/{@code right} on W. Asymmetric padding is allowed. Every op stores explicit padding, never a mode
 * such as "same", because frameworks resolve modes differently (TensorFlow's 'SAME' pads a stride-2 7×7
 * convolution 2 before and 3 after; PyTorch's {@code padding=3} pads 3 and 3).
 *
 * @param top    rows added above
 * @param bottom rows added below
 * @param left   columns added on the left
 * @param right  columns added on the right
 */
public record Padding(int top, int bottom, int left, int right) {
    /** No padding. */
    public static final Padding NONE = new Padding(0, 0, 0, 0);

    /**

     * Checks that no side is negative.

     *

     * @param top    rows added above

     * @param bottom rows added below

     * @param left   columns added on the left

     * @param right  columns added on the right

     */

    public Padding {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("padding must be non-negative: " + top + "/" + bottom + "/" + left + "/" + right);
        }
    }

    /**
     * @param p the padding of every side
     * @return {@code p} on every side (PyTorch {@code padding=p})
     */
    public static Padding symmetric(int p) {
        return new Padding(p, p, p, p);
    }

    /**
     * @param h the padding above and below
     * @param w the padding left and right
     * @return {@code h} above and below, {@code w} left and right
     */
    public static Padding symmetric(int h, int w) {
        return new Padding(h, h, w, w);
    }

    /**
     * The explicit padding TensorFlow's {@code padding='SAME'} uses for an input of {@code inH×inW}: total
     * {@code max((ceil(in/s)-1)·s + k − in, 0)} per axis, the smaller half before, the larger half after.
     *
     * @param inH     input height
     * @param inW     input width
     * @param kernelH kernel height
     * @param kernelW kernel width
     * @param strideH stride along H
     * @param strideW stride along W
     * @return the explicit padding
     */
    public static Padding tfSame(int inH, int inW, int kernelH, int kernelW, int strideH, int strideW) {
        int totalH = sameTotal(inH, kernelH, strideH);
        int totalW = sameTotal(inW, kernelW, strideW);
        return new Padding(totalH / 2, totalH - totalH / 2, totalW / 2, totalW - totalW / 2);
    }

    private static int sameTotal(int in, int k, int s) {
        int out = (in + s - 1) / s;
        return Math.max((out - 1) * s + k - in, 0);
    }

    /** @return whether top equals bottom and left equals right */
    public boolean isSymmetric() {
        return top == bottom && left == right;
    }

    /** @return whether every side is 0 */
    public boolean isZero() {
        return top == 0 && bottom == 0 && left == 0 && right == 0;
    }

    @Override
    public String toString() {
        return isSymmetric() ? "pad(" + top + "," + left + ")" : "pad(t" + top + ",b" + bottom + ",l" + left + ",r" + right + ")";
    }
}
