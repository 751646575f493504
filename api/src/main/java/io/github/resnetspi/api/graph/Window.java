package io.github.resnetspi.api.graph;

import java.util.Optional;

/**
 * The geometry of one sliding-window node (convolution or pooling) on its input: kernel, stride, explicit padding
 * and the input and output sizes of the two spatial axes. Output cell {@code (i, j)}'s window starts at input row
 * {@code i·strideH − padding.top()} and column {@code j·strideW − padding.left()}; cells outside the input are
 * padding. This is the one place that says how many real cells a window holds, which is what an exclude-pad average
 * pool divides by.
 *
 * @param kernelH kernel height
 * @param kernelW kernel width
 * @param strideH stride along H
 * @param strideW stride along W
 * @param padding explicit padding
 * @param inH     input height
 * @param inW     input width
 * @param outH    output height
 * @param outW    output width
 */
public record Window(int kernelH, int kernelW, int strideH, int strideW, Padding padding, int inH, int inW,
                     int outH, int outW) {

    /**
     * The window of a convolution or pooling node, from its op and its inferred input and output shapes.
     *
     * @param node a node of a {@link Network}
     * @return its window, or empty when its op does not slide a window
     */
    public static Optional<Window> of(Node node) {
        if (!(node.op() instanceof WindowOp op)) {
            return Optional.empty();
        }
        Shape in = node.inputShape();
        Shape out = node.outputShape();
        return Optional.of(new Window(op.kernelH(), op.kernelW(), op.strideH(), op.strideW(), op.padding(),
                in.dim(1), in.dim(2), out.dim(1), out.dim(2)));
    }

    /**
     * The same window with other padding (and so, possibly, other output sizes): for tools that compare a padding
     * convention with the declared one.
     *
     * @param other the padding to use
     * @return the window with {@code other} padding and the output sizes it gives
     */
    public Window withPadding(Padding other) {
        return new Window(kernelH, kernelW, strideH, strideW, other, inH, inW,
                Op.windowOutput("window", "H", inH, kernelH, strideH, other.top(), other.bottom()),
                Op.windowOutput("window", "W", inW, kernelW, strideW, other.left(), other.right()));
    }

    /** @return the number of cells of a window, padding included: {@code kernelH·kernelW} */
    public int area() {
        return kernelH * kernelW;
    }

    /**
     * @param outRow an output row
     * @return the first input row of that row's windows (negative inside the top padding)
     */
    public int firstRow(int outRow) {
        return outRow * strideH - padding.top();
    }

    /**
     * @param outCol an output column
     * @return the first input column of that column's windows (negative inside the left padding)
     */
    public int firstCol(int outCol) {
        return outCol * strideW - padding.left();
    }

    /**
     * @param outRow an output row
     * @return how many of its windows' rows lie inside the input
     */
    public int realRows(int outRow) {
        int r0 = firstRow(outRow);
        return Math.min(r0 + kernelH, inH) - Math.max(r0, 0);
    }

    /**
     * @param outCol an output column
     * @return how many of its windows' columns lie inside the input
     */
    public int realCols(int outCol) {
        int c0 = firstCol(outCol);
        return Math.min(c0 + kernelW, inW) - Math.max(c0, 0);
    }

    /**
     * The divisor of each output cell of an average pool over this window, row-major ({@code outH·outW} values):
     * the kernel area when padding counts ({@link AvgPool2d#countIncludePad()}), else the number of real cells in the
     * window, which differs between rows and columns when the padding or the kernel is not square.
     *
     * @param countIncludePad whether padded cells count
     * @return one divisor per output cell
     */
    public double[] divisors(boolean countIncludePad) {
        double[] d = new double[outH * outW];
        for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++) {
                d[i * outW + j] = countIncludePad ? area() : (double) realRows(i) * realCols(j);
            }
        }
        return d;
    }

    /**
     * For engines whose pooling always divides by the kernel area: the factor that turns such an average into the
     * exclude-pad average, per output cell, row-major: {@code area / real cells}. All ones without padding.
     *
     * @return one factor per output cell
     */
    public float[] excludePadScale() {
        double[] real = divisors(false);
        float[] scale = new float[real.length];
        for (int i = 0; i < real.length; i++) {
            scale[i] = (float) (area() / real[i]);
        }
        return scale;
    }
}
