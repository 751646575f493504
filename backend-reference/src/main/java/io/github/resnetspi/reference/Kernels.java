package io.github.resnetspi.reference;

import io.github.resnetspi.api.graph.BatchNorm2d;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.Window;
import io.github.resnetspi.api.train.Mode;
import java.util.Arrays;

/**
 * The float64 forward and backward kernels of the reference backend, written as plain loops in the order the API's
 * Javadoc states each op; {@link ReferenceOps} maps each op of a network to them. Each pinned semantic (docs/semantics.md) lives in exactly one method: the window's padding
 * in {@link #window}, the batch-norm ε in {@link #epsilon}, which variance normalises and which feeds the running
 * estimate in {@link #batchStatistics}, the running-statistics update in {@link #updateRunningStatistics}, the
 * average-pool divisor in {@link #avgPoolDivisors}, the ReLU gradient at 0 in {@link #reluPasses}, the flatten order
 * in {@link #flattenForward}, the loss reduction in {@link #softmaxCrossEntropy}, and so on. This class is the
 * correct set; this module's tests build their deliberately wrong backends (mutants) by overriding one method in
 * a subclass, so that no switch for a wrong semantic lives in the code users run. Every loop nest keeps the
 * innermost index on contiguous memory.
 */
class Kernels {
    Kernels() {
    }

    // ---------------------------------------------------------------- window geometry

    /**
     * The window of a convolution or pooling node: its declared padding, per side.
     *
     * @param node a conv or pool node
     * @return its geometry
     */
    protected Window window(Node node) {
        return Window.of(node).orElseThrow(() -> new IllegalArgumentException(node.name() + " slides no window"));
    }

    // ---------------------------------------------------------------- convolution (cross-correlation, OIHW)

    /**
     * Where each patch element of one example comes from: {@code src[p·K + k]} is the offset, within the example, of
     * input element k = (channel, r, s) of the window of output pixel p, or −1 where the window lies on padding.
     * K = C·kh·kw. One map serves {@link #patches} and its transpose {@link #scatterPatches}.
     */
    private static int[] patchSources(int c, int h, int w, Window g) {
        int kArea = g.kernelH() * g.kernelW();
        int k = c * kArea;
        int[] src = new int[g.outH() * g.outW() * k];
        Arrays.fill(src, -1);
        for (int y = 0; y < g.outH(); y++) {
            for (int xo = 0; xo < g.outW(); xo++) {
                int row = (y * g.outW() + xo) * k;
                for (int i = 0; i < c; i++) {
                    for (int r = 0; r < g.kernelH(); r++) {
                        int iy = y * g.strideH() + r - g.padding().top();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        for (int s = 0; s < g.kernelW(); s++) {
                            int ix = xo * g.strideW() + s - g.padding().left();
                            if (ix >= 0 && ix < w) {
                                src[row + i * kArea + r * g.kernelW() + s] = (i * h + iy) * w + ix;
                            }
                        }
                    }
                }
            }
        }
        return src;
    }

    /** The patches of example {@code b} as rows ({@link #patchSources}), 0 where a window lies on padding. */
    private static double[] patches(double[] in, int b, int[] src, int exampleSize) {
        double[] cols = new double[src.length];
        int base = b * exampleSize;
        for (int j = 0; j < src.length; j++) {
            if (src[j] >= 0) {
                cols[j] = in[base + src[j]];
            }
        }
        return cols;
    }

    /** Adds the patch gradients back onto the input positions they came from (the transpose of {@link #patches}). */
    private static void scatterPatches(double[] dCols, double[] dIn, int b, int[] src, int exampleSize) {
        int base = b * exampleSize;
        for (int j = 0; j < src.length; j++) {
            if (src[j] >= 0) {
                dIn[base + src[j]] += dCols[j];
            }
        }
    }

    /** {@code weight} [O, K] transposed to [K, O], so that the inner loops run over output channels. */
    private static double[] transpose(double[] m, int rows, int cols) {
        double[] t = new double[m.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = m[i * cols + j];
            }
        }
        return t;
    }

    /**
     * Convolution as a matrix product per example: out[p, o] = Σ_k patch[p, k]·W[o, k] (+ bias), computed with
     * contiguous inner loops over o, then stored NCHW.
     */
    protected Activation convForward(Activation x, double[] weight, double[] bias, int outC, Window g) {
        int n = x.n(), c = x.c(), h = x.h(), w = x.w();
        int pixels = g.outH() * g.outW();
        int k = c * g.kernelH() * g.kernelW();
        double[] wT = transpose(weight, outC, k);
        double[] out = new double[n * outC * pixels];
        double[] acc = new double[outC];
        int[] src = patchSources(c, h, w, g);
        for (int b = 0; b < n; b++) {
            double[] cols = patches(x.v(), b, src, c * h * w);
            for (int p = 0; p < pixels; p++) {
                if (bias != null) {
                    System.arraycopy(bias, 0, acc, 0, outC);
                } else {
                    Arrays.fill(acc, 0);
                }
                int row = p * k;
                for (int kk = 0; kk < k; kk++) {
                    double a = cols[row + kk];
                    if (a == 0) {
                        continue; // padding and ReLU zeros: skipping them does not change the sum
                    }
                    int wRow = kk * outC;
                    for (int o = 0; o < outC; o++) {
                        acc[o] += a * wT[wRow + o];
                    }
                }
                for (int o = 0; o < outC; o++) {
                    out[(b * outC + o) * pixels + p] = acc[o];
                }
            }
        }
        return new Activation(out, n, outC, g.outH(), g.outW());
    }

    /** Accumulates the weight and bias gradients into {@code dWeight}/{@code dBias}; returns the input gradient. */
    protected double[] convBackward(Activation x, double[] weight, double[] dOut, int outC, Window g,
                                 double[] dWeight, double[] dBias) {
        int n = x.n(), c = x.c(), h = x.h(), w = x.w();
        int pixels = g.outH() * g.outW();
        int k = c * g.kernelH() * g.kernelW();
        double[] dIn = new double[x.v().length];
        double[] dy = new double[outC];
        int[] src = patchSources(c, h, w, g);
        for (int b = 0; b < n; b++) {
            double[] cols = patches(x.v(), b, src, c * h * w);
            double[] dCols = new double[cols.length];
            for (int p = 0; p < pixels; p++) {
                for (int o = 0; o < outC; o++) {
                    dy[o] = dOut[(b * outC + o) * pixels + p];
                }
                int row = p * k;
                for (int o = 0; o < outC; o++) {
                    double d = dy[o];
                    if (d == 0) {
                        continue;
                    }
                    if (dBias != null) {
                        dBias[o] += d;
                    }
                    int wRow = o * k;
                    for (int kk = 0; kk < k; kk++) {
                        dWeight[wRow + kk] += d * cols[row + kk];
                        dCols[row + kk] += d * weight[wRow + kk];
                    }
                }
            }
            scatterPatches(dCols, dIn, b, src, c * h * w);
        }
        return dIn;
    }

    // ---------------------------------------------------------------- batch norm

    /**
     * What a batch says about each channel.
     *
     * @param mean              the batch mean
     * @param normalisingVar    the variance that normalises the batch: the biased one (÷ m)
     * @param runningVar        the variance that enters the running estimate: the unbiased one (÷ (m − 1))
     */
    record BatchStatistics(double[] mean, double[] normalisingVar, double[] runningVar) {
    }

    /**
     * @param op   the batch norm
     * @param mode the pass's mode
     * @return the ε that is added to the variance: the declared one, in both modes
     */
    protected double epsilon(BatchNorm2d op, Mode mode) {
        return op.epsilon();
    }

    /**
     * @param mode the pass's mode
     * @return whether batch norm normalises with the batch's statistics (train mode) or the running ones (eval mode)
     */
    protected boolean normalisesWithBatchStatistics(Mode mode) {
        return mode == Mode.TRAIN;
    }

    /**
     * @param x an NCHW activation
     * @return each channel's mean over N, H and W, its biased variance (to normalise) and its unbiased variance (for
     *         the running estimate)
     */
    protected BatchStatistics batchStatistics(Activation x) {
        int n = x.n(), c = x.c(), p = x.plane();
        double m = (double) n * p;
        double[] in = x.v();
        double[] mean = new double[c];
        double[] biased = new double[c];
        double[] unbiased = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int b = 0; b < n; b++) {
                int base = (b * c + ch) * p;
                for (int k = 0; k < p; k++) {
                    sum += in[base + k];
                }
            }
            double mu = sum / m;
            double sq = 0;
            for (int b = 0; b < n; b++) {
                int base = (b * c + ch) * p;
                for (int k = 0; k < p; k++) {
                    double d = in[base + k] - mu;
                    sq += d * d;
                }
            }
            mean[ch] = mu;
            biased[ch] = sq / m;
            unbiased[ch] = sq / (m - 1);
        }
        return new BatchStatistics(mean, biased, unbiased);
    }

    /**
     * PyTorch's convention: {@code running = (1 − momentum)·running + momentum·batch}, in place.
     *
     * @param runningMean the running means, updated
     * @param runningVar  the running variances, updated
     * @param batch       this batch's statistics
     * @param momentum    the op's momentum (0.1 by default)
     */
    protected void updateRunningStatistics(double[] runningMean, double[] runningVar, BatchStatistics batch, double momentum) {
        for (int c = 0; c < runningMean.length; c++) {
            runningMean[c] = (1 - momentum) * runningMean[c] + momentum * batch.mean()[c];
            runningVar[c] = (1 - momentum) * runningVar[c] + momentum * batch.runningVar()[c];
        }
    }

    /**
     * {@code y = γ·(x − mean)/sqrt(var + ε) + β} per channel.
     *
     * @param x     input
     * @param gamma γ
     * @param beta  β
     * @param mean  the mean to subtract (the batch's or the running one)
     * @param var   the variance to divide by
     * @param eps   ε
     * @return the normalised activation
     */
    protected Activation bnNormalise(Activation x, double[] gamma, double[] beta, double[] mean, double[] var, double eps) {
        int n = x.n(), c = x.c(), p = x.plane();
        double[] in = x.v();
        double[] out = new double[in.length];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                double scale = gamma[ch] / Math.sqrt(var[ch] + eps);
                int base = (b * c + ch) * p;
                for (int k = 0; k < p; k++) {
                    out[base + k] = (in[base + k] - mean[ch]) * scale + beta[ch];
                }
            }
        }
        return new Activation(out, n, c, x.h(), x.w());
    }

    /**
     * Backward of a batch norm that normalised with the batch's own statistics (which depend on x); accumulates dγ and
     * dβ.
     *
     * @return dx
     */
    protected double[] bnBatchBackward(Activation x, double[] gamma, double[] mean, double[] var, double eps,
                                       double[] dOut, double[] dGamma, double[] dBeta) {
        int n = x.n(), c = x.c(), p = x.plane();
        double m = (double) n * p;
        double[] in = x.v();
        double[] dIn = new double[dOut.length];
        for (int ch = 0; ch < c; ch++) {
            double invStd = 1 / Math.sqrt(var[ch] + eps);
            double sumDy = 0, sumDyXhat = 0;
            for (int b = 0; b < n; b++) {
                int base = (b * c + ch) * p;
                for (int k = 0; k < p; k++) {
                    sumDy += dOut[base + k];
                    sumDyXhat += dOut[base + k] * (in[base + k] - mean[ch]) * invStd;
                }
            }
            dGamma[ch] += sumDyXhat;
            dBeta[ch] += sumDy;
            double scale = gamma[ch] * invStd / m;
            for (int b = 0; b < n; b++) {
                int base = (b * c + ch) * p;
                for (int k = 0; k < p; k++) {
                    double xhat = (in[base + k] - mean[ch]) * invStd;
                    dIn[base + k] = scale * (m * dOut[base + k] - sumDy - xhat * sumDyXhat);
                }
            }
        }
        return dIn;
    }

    /**
     * Backward of a batch norm that normalised with fixed (running) statistics: the affine map it is; accumulates dγ
     * and dβ.
     *
     * @return dx
     */
    protected double[] bnFixedBackward(Activation x, double[] gamma, double[] mean, double[] var, double eps,
                                       double[] dOut, double[] dGamma, double[] dBeta) {
        int n = x.n(), c = x.c(), p = x.plane();
        double[] in = x.v();
        double[] dIn = new double[dOut.length];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                double inv = 1 / Math.sqrt(var[ch] + eps);
                int base = (b * c + ch) * p;
                for (int k = 0; k < p; k++) {
                    dGamma[ch] += dOut[base + k] * (in[base + k] - mean[ch]) * inv;
                    dBeta[ch] += dOut[base + k];
                    dIn[base + k] = dOut[base + k] * gamma[ch] * inv;
                }
            }
        }
        return dIn;
    }

    // ---------------------------------------------------------------- pooling

    /**
     * Max pooling; padded cells never take part (they act as −∞), ties go to the first maximum in row-major window
     * order.
     *
     * @param x       input
     * @param g       the window
     * @param winners receives, per output cell, the flat input index of its winner (length: the output's size)
     * @return the pooled activation
     */
    protected Activation maxPoolForward(Activation x, Window g, int[] winners) {
        int n = x.n(), c = x.c(), h = x.h(), w = x.w();
        int oh = g.outH(), ow = g.outW();
        double[] in = x.v();
        double[] out = new double[n * c * oh * ow];
        for (int plane = 0; plane < n * c; plane++) {
            int inBase = plane * h * w;
            for (int y = 0; y < oh; y++) {
                for (int xo = 0; xo < ow; xo++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int bestIdx = -1;
                    for (int r = 0; r < g.kernelH(); r++) {
                        int iy = g.firstRow(y) + r;
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        for (int s = 0; s < g.kernelW(); s++) {
                            int ix = g.firstCol(xo) + s;
                            if (ix < 0 || ix >= w) {
                                continue;
                            }
                            double v = in[inBase + iy * w + ix];
                            if (bestIdx < 0 || v > best) {
                                best = v;
                                bestIdx = inBase + iy * w + ix;
                            }
                        }
                    }
                    int o = (plane * oh + y) * ow + xo;
                    out[o] = best;
                    winners[o] = bestIdx;
                }
            }
        }
        return new Activation(out, n, c, oh, ow);
    }

    /**
     * @param inputLength the input's size
     * @param winners     each output cell's winner ({@link #maxPoolForward})
     * @param dOut        the output's gradient
     * @return the input's gradient: each output's gradient routed to its winner
     */
    protected double[] maxPoolBackward(int inputLength, int[] winners, double[] dOut) {
        double[] dIn = new double[inputLength];
        for (int o = 0; o < dOut.length; o++) {
            dIn[winners[o]] += dOut[o];
        }
        return dIn;
    }

    /**
     * The divisor of each output cell of an average pool, from the one place that defines it ({@link Window#divisors}).
     *
     * @param g               the window
     * @param countIncludePad the op's setting
     * @return one divisor per output cell, row-major
     */
    protected double[] avgPoolDivisors(Window g, boolean countIncludePad) {
        return g.divisors(countIncludePad);
    }

    protected Activation avgPoolForward(Activation x, Window g, double[] divisors) {
        int n = x.n(), c = x.c(), h = x.h(), w = x.w();
        int oh = g.outH(), ow = g.outW();
        double[] in = x.v();
        double[] out = new double[n * c * oh * ow];
        for (int plane = 0; plane < n * c; plane++) {
            int inBase = plane * h * w;
            for (int y = 0; y < oh; y++) {
                for (int xo = 0; xo < ow; xo++) {
                    double sum = 0;
                    for (int r = 0; r < g.kernelH(); r++) {
                        int iy = y * g.strideH() + r - g.padding().top();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        for (int s = 0; s < g.kernelW(); s++) {
                            int ix = xo * g.strideW() + s - g.padding().left();
                            if (ix >= 0 && ix < w) {
                                sum += in[inBase + iy * w + ix];
                            }
                        }
                    }
                    out[(plane * oh + y) * ow + xo] = sum / divisors[y * ow + xo];
                }
            }
        }
        return new Activation(out, n, c, oh, ow);
    }

    protected double[] avgPoolBackward(Activation x, Window g, double[] divisors, double[] dOut) {
        int n = x.n(), c = x.c(), h = x.h(), w = x.w();
        int oh = g.outH(), ow = g.outW();
        double[] dIn = new double[x.v().length];
        for (int plane = 0; plane < n * c; plane++) {
            int inBase = plane * h * w;
            for (int y = 0; y < oh; y++) {
                for (int xo = 0; xo < ow; xo++) {
                    double d = dOut[(plane * oh + y) * ow + xo] / divisors[y * ow + xo];
                    for (int r = 0; r < g.kernelH(); r++) {
                        int iy = y * g.strideH() + r - g.padding().top();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        for (int s = 0; s < g.kernelW(); s++) {
                            int ix = xo * g.strideW() + s - g.padding().left();
                            if (ix >= 0 && ix < w) {
                                dIn[inBase + iy * w + ix] += d;
                            }
                        }
                    }
                }
            }
        }
        return dIn;
    }

    protected Activation globalAvgPoolForward(Activation x) {
        int p = x.plane();
        double[] in = x.v();
        double[] out = new double[x.n() * x.c()];
        for (int plane = 0; plane < out.length; plane++) {
            double sum = 0;
            for (int k = plane * p; k < (plane + 1) * p; k++) {
                sum += in[k];
            }
            out[plane] = sum / p;
        }
        return new Activation(out, x.n(), x.c(), 1, 1);
    }

    protected double[] globalAvgPoolBackward(Activation x, double[] dOut) {
        int p = x.plane();
        double[] dIn = new double[x.v().length];
        for (int plane = 0; plane < dOut.length; plane++) {
            double d = dOut[plane] / p;
            Arrays.fill(dIn, plane * p, (plane + 1) * p, d);
        }
        return dIn;
    }


    // ---------------------------------------------------------------- flatten, dense

    /**
     * Flatten is row-major over (C, H, W): on NCHW data, a view of the same values.
     *
     * @param x an (N, C, H, W) activation
     * @return the same values as (N, C·H·W)
     */
    protected Activation flattenForward(Activation x) {
        return new Activation(x.v(), x.n(), x.features(), 1, 1);
    }

    /**
     * @param x    the flatten's input
     * @param dOut the gradient of its (N, C·H·W) output
     * @return the gradient of its input: the same values
     */
    protected double[] flattenBackward(Activation x, double[] dOut) {
        return dOut.clone();
    }


    /** {@code y = x·Wᵀ + b} with W of layout [units, in]. */
    protected Activation denseForward(Activation x, double[] weight, double[] bias, int units) {
        int n = x.n(), f = x.features();
        double[] in = x.v();
        double[] out = new double[n * units];
        for (int b = 0; b < n; b++) {
            for (int u = 0; u < units; u++) {
                double sum = bias == null ? 0 : bias[u];
                int wRow = u * f, xRow = b * f;
                for (int k = 0; k < f; k++) {
                    sum += weight[wRow + k] * in[xRow + k];
                }
                out[b * units + u] = sum;
            }
        }
        return new Activation(out, n, units, 1, 1);
    }

    protected double[] denseBackward(Activation x, double[] weight, double[] dOut, int units, double[] dWeight, double[] dBias) {
        int n = x.n(), f = x.features();
        double[] in = x.v();
        double[] dIn = new double[in.length];
        for (int b = 0; b < n; b++) {
            for (int u = 0; u < units; u++) {
                double d = dOut[b * units + u];
                if (dBias != null) {
                    dBias[u] += d;
                }
                int wRow = u * f, xRow = b * f;
                for (int k = 0; k < f; k++) {
                    dWeight[wRow + k] += d * in[xRow + k];
                    dIn[xRow + k] += d * weight[wRow + k];
                }
            }
        }
        return dIn;
    }

    // ---------------------------------------------------------------- relu, add

    /**
     * @param x input
     * @return {@code max(x, 0)}
     */
    protected Activation reluForward(Activation x) {
        double[] in = x.v();
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[i] > 0 ? in[i] : 0;
        }
        return new Activation(out, x.n(), x.c(), x.h(), x.w());
    }

    /**
     * @param x a ReLU's input
     * @return which elements pass their gradient: {@code x > 0}, so the gradient at exactly 0 is 0, as the API pins
     */
    protected boolean[] reluPasses(Activation x) {
        double[] in = x.v();
        boolean[] passes = new boolean[in.length];
        for (int i = 0; i < in.length; i++) {
            passes[i] = in[i] > 0;
        }
        return passes;
    }

    /**
     * @param passes {@link #reluPasses} of the input (or the decisions another engine took)
     * @param dOut   the output's gradient
     * @return the input's gradient
     */
    protected double[] reluBackward(boolean[] passes, double[] dOut) {
        double[] dIn = new double[dOut.length];
        for (int i = 0; i < dOut.length; i++) {
            dIn[i] = passes[i] ? dOut[i] : 0;
        }
        return dIn;
    }

    /**
     * @param a one input
     * @param b the other, of the same shape
     * @return their element-wise sum
     */
    protected Activation add(Activation a, Activation b) {
        double[] out = new double[a.v().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.v()[i] + b.v()[i];
        }
        return new Activation(out, a.n(), a.c(), a.h(), a.w());
    }

    // ---------------------------------------------------------------- loss

    /**
     * Softmax cross-entropy of (N, K) logits, the <em>mean</em> over the batch.
     *
     * @param logits  (N, K), row-major
     * @param n       batch size
     * @param k       classes
     * @param labels  N class indices
     * @param dLogits receives the loss's gradient with respect to the logits, or null
     * @return the loss
     */
    protected double softmaxCrossEntropy(double[] logits, int n, int k, int[] labels, double[] dLogits) {
        double total = 0;
        for (int b = 0; b < n; b++) {
            int row = b * k;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits[row + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(logits[row + j] - max);
            }
            double logSum = max + Math.log(sum);
            total += logSum - logits[row + labels[b]];
            if (dLogits != null) {
                for (int j = 0; j < k; j++) {
                    double p = Math.exp(logits[row + j] - logSum);
                    dLogits[row + j] = (p - (j == labels[b] ? 1 : 0)) / n;
                }
            }
        }
        return total / n;
    }
}
