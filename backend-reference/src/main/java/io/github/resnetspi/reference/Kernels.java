package io.github.resnetspi.reference;

import io.github.resnetspi.api.graph.Window;

/**
 * The float64 forward and backward kernels of the reference backend, written as plain loops in the order the
 * API's Javadoc states each op. Every loop nest keeps the innermost index on contiguous memory.
 */
final class Kernels {
    private Kernels() {
    }

    // ---------------------------------------------------------------- convolution (cross-correlation, OIHW)

    /**
     * The patches of one example as rows: {@code cols[p·K + k]} is input element k = (channel, r, s) of the window of
     * output pixel p, 0 where the window lies on padding. K = C·kh·kw.
     */
    private static double[] patches(double[] in, int b, int c, int h, int w, Window g) {
        int kArea = g.kernelH() * g.kernelW();
        int k = c * kArea;
        int pixels = g.outH() * g.outW();
        double[] cols = new double[pixels * k];
        for (int y = 0; y < g.outH(); y++) {
            for (int xo = 0; xo < g.outW(); xo++) {
                int row = (y * g.outW() + xo) * k;
                for (int i = 0; i < c; i++) {
                    int plane = (b * c + i) * h * w;
                    for (int r = 0; r < g.kernelH(); r++) {
                        int iy = y * g.strideH() + r - g.padding().top();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        for (int s = 0; s < g.kernelW(); s++) {
                            int ix = xo * g.strideW() + s - g.padding().left();
                            if (ix >= 0 && ix < w) {
                                cols[row + i * kArea + r * g.kernelW() + s] = in[plane + iy * w + ix];
                            }
                        }
                    }
                }
            }
        }
        return cols;
    }

    /** Adds the patch gradients back onto the input positions they came from (the transpose of {@link #patches}). */
    private static void scatterPatches(double[] dCols, double[] dIn, int b, int c, int h, int w, Window g) {
        int kArea = g.kernelH() * g.kernelW();
        int k = c * kArea;
        for (int y = 0; y < g.outH(); y++) {
            for (int xo = 0; xo < g.outW(); xo++) {
                int row = (y * g.outW() + xo) * k;
                for (int i = 0; i < c; i++) {
                    int plane = (b * c + i) * h * w;
                    for (int r = 0; r < g.kernelH(); r++) {
                        int iy = y * g.strideH() + r - g.padding().top();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        for (int s = 0; s < g.kernelW(); s++) {
                            int ix = xo * g.strideW() + s - g.padding().left();
                            if (ix >= 0 && ix < w) {
                                dIn[plane + iy * w + ix] += dCols[row + i * kArea + r * g.kernelW() + s];
                            }
                        }
                    }
                }
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
    static Activation convForward(Activation x, double[] weight, double[] bias, int outC, Window g) {
        int n = x.n(), c = x.c(), h = x.h(), w = x.w();
        int pixels = g.outH() * g.outW();
        int k = c * g.kernelH() * g.kernelW();
        double[] wT = transpose(weight, outC, k);
        double[] out = new double[n * outC * pixels];
        double[] acc = new double[outC];
        for (int b = 0; b < n; b++) {
            double[] cols = patches(x.v(), b, c, h, w, g);
            for (int p = 0; p < pixels; p++) {
                if (bias != null) {
                    System.arraycopy(bias, 0, acc, 0, outC);
                } else {
                    java.util.Arrays.fill(acc, 0);
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
    static double[] convBackward(Activation x, double[] weight, double[] dOut, int outC, Window g,
                                 double[] dWeight, double[] dBias) {
        int n = x.n(), c = x.c(), h = x.h(), w = x.w();
        int pixels = g.outH() * g.outW();
        int k = c * g.kernelH() * g.kernelW();
        double[] dIn = new double[x.v().length];
        double[] dy = new double[outC];
        for (int b = 0; b < n; b++) {
            double[] cols = patches(x.v(), b, c, h, w, g);
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
            scatterPatches(dCols, dIn, b, c, h, w, g);
        }
        return dIn;
    }

    // ---------------------------------------------------------------- batch norm

    /** What the train-mode batch norm keeps for its backward pass, and the batch statistics it measured. */
    record BnCache(double[] xhat, double[] invStd, double[] mean, double[] biasedVar) {
    }

    static Activation bnTrainForward(Activation x, double[] gamma, double[] beta, double eps, BnCache[] cacheOut) {
        int n = x.n(), c = x.c(), p = x.plane();
        double m = (double) n * p;
        double[] in = x.v();
        double[] out = new double[in.length];
        double[] xhat = new double[in.length];
        double[] mean = new double[c];
        double[] var = new double[c];
        double[] invStd = new double[c];
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
            double v = sq / m;
            double is = 1 / Math.sqrt(v + eps);
            mean[ch] = mu;
            var[ch] = v;
            invStd[ch] = is;
            for (int b = 0; b < n; b++) {
                int base = (b * c + ch) * p;
                for (int k = 0; k < p; k++) {
                    double xh = (in[base + k] - mu) * is;
                    xhat[base + k] = xh;
                    out[base + k] = gamma[ch] * xh + beta[ch];
                }
            }
        }
        cacheOut[0] = new BnCache(xhat, invStd, mean, var);
        return new Activation(out, n, c, x.h(), x.w());
    }

    static Activation bnEvalForward(Activation x, double[] gamma, double[] beta, double[] runningMean,
                                    double[] runningVar, double eps) {
        int n = x.n(), c = x.c(), p = x.plane();
        double[] in = x.v();
        double[] out = new double[in.length];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                double scale = gamma[ch] / Math.sqrt(runningVar[ch] + eps);
                int base = (b * c + ch) * p;
                for (int k = 0; k < p; k++) {
                    out[base + k] = (in[base + k] - runningMean[ch]) * scale + beta[ch];
                }
            }
        }
        return new Activation(out, n, c, x.h(), x.w());
    }

    /** Train-mode batch-norm backward; accumulates dγ, dβ; returns dx. */
    static double[] bnTrainBackward(Activation x, double[] gamma, BnCache cache, double[] dOut,
                                    double[] dGamma, double[] dBeta) {
        int n = x.n(), c = x.c(), p = x.plane();
        double m = (double) n * p;
        double[] xhat = cache.xhat();
        double[] dIn = new double[dOut.length];
        for (int ch = 0; ch < c; ch++) {
            double sumDy = 0, sumDyXhat = 0;
            for (int b = 0; b < n; b++) {
                int base = (b * c + ch) * p;
                for (int k = 0; k < p; k++) {
                    sumDy += dOut[base + k];
                    sumDyXhat += dOut[base + k] * xhat[base + k];
                }
            }
            dGamma[ch] += sumDyXhat;
            dBeta[ch] += sumDy;
            double scale = gamma[ch] * cache.invStd()[ch] / m;
            for (int b = 0; b < n; b++) {
                int base = (b * c + ch) * p;
                for (int k = 0; k < p; k++) {
                    dIn[base + k] = scale * (m * dOut[base + k] - sumDy - xhat[base + k] * sumDyXhat);
                }
            }
        }
        return dIn;
    }

    // ---------------------------------------------------------------- pooling

    /** Max pooling; padded cells never take part. {@code argmax} receives the input index of each output's winner. */
    static Activation maxPoolForward(Activation x, Window g, int[][] argmaxOut) {
        int n = x.n(), c = x.c(), h = x.h(), w = x.w();
        int oh = g.outH(), ow = g.outW();
        double[] in = x.v();
        double[] out = new double[n * c * oh * ow];
        int[] argmax = new int[out.length];
        for (int plane = 0; plane < n * c; plane++) {
            int inBase = plane * h * w;
            for (int y = 0; y < oh; y++) {
                for (int xo = 0; xo < ow; xo++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int bestIdx = -1;
                    for (int r = 0; r < g.kernelH(); r++) {
                        int iy = y * g.strideH() + r - g.padding().top();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        for (int s = 0; s < g.kernelW(); s++) {
                            int ix = xo * g.strideW() + s - g.padding().left();
                            if (ix < 0 || ix >= w) {
                                continue;
                            }
                            double v = in[inBase + iy * w + ix];
                            // strict '>' keeps the first maximum in row-major window order, as the API pins
                            if (bestIdx < 0 || v > best) {
                                best = v;
                                bestIdx = inBase + iy * w + ix;
                            }
                        }
                    }
                    int o = (plane * oh + y) * ow + xo;
                    out[o] = best;
                    argmax[o] = bestIdx;
                }
            }
        }
        argmaxOut[0] = argmax;
        return new Activation(out, n, c, oh, ow);
    }

    static double[] maxPoolBackward(int inputLength, int[] argmax, double[] dOut) {
        double[] dIn = new double[inputLength];
        for (int o = 0; o < dOut.length; o++) {
            dIn[argmax[o]] += dOut[o];
        }
        return dIn;
    }

    static Activation avgPoolForward(Activation x, Window g, double[] divisors) {
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

    static double[] avgPoolBackward(Activation x, Window g, double[] divisors, double[] dOut) {
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

    static Activation globalAvgPoolForward(Activation x) {
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

    static double[] globalAvgPoolBackward(Activation x, double[] dOut) {
        int p = x.plane();
        double[] dIn = new double[x.v().length];
        for (int plane = 0; plane < dOut.length; plane++) {
            double d = dOut[plane] / p;
            java.util.Arrays.fill(dIn, plane * p, (plane + 1) * p, d);
        }
        return dIn;
    }

    // ---------------------------------------------------------------- dense, relu, loss

    /** {@code y = x·Wᵀ + b} with W of layout [units, in]. */
    static Activation denseForward(Activation x, double[] weight, double[] bias, int units) {
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

    static double[] denseBackward(Activation x, double[] weight, double[] dOut, int units, double[] dWeight, double[] dBias) {
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

    static Activation reluForward(Activation x) {
        double[] in = x.v();
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[i] > 0 ? in[i] : 0;
        }
        return new Activation(out, x.n(), x.c(), x.h(), x.w());
    }

    /** The gradient at exactly 0 is 0, as the API pins. */
    static double[] reluBackward(Activation x, double[] dOut) {
        double[] in = x.v();
        double[] dIn = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            dIn[i] = in[i] > 0 ? dOut[i] : 0;
        }
        return dIn;
    }

    /** Mean softmax cross-entropy of (N, K) logits; writes its gradient with respect to the logits into {@code dLogits}. */
    static double softmaxCrossEntropy(double[] logits, int n, int k, int[] labels, double[] dLogits) {
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
