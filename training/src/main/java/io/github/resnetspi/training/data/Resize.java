package io.github.resnetspi.training.data;

/**
 * Bilinear resizing exactly as the seeds get it: torchvision's {@code transforms.Resize(size)} on a PIL image calls
 * Pillow's {@code Image.resize(..., BILINEAR)}, whose algorithm ({@code libImaging/Resample.c}) this reproduces bit
 * for bit on 8-bit images:
 * <ul>
 *   <li>separable: a horizontal pass, rounded to 8 bits, then a vertical pass on that result;</li>
 *   <li>output pixel {@code x} samples around {@code center = (x + 0.5)·scale}, {@code scale = in/out} (half-pixel
 *       centres, like {@code align_corners=False});</li>
 *   <li>weights {@code w(i) = max(0, 1 − |(i − center + 0.5)/s|)} for input pixels {@code i} within
 *       {@code support = s = max(scale, 1)} of the centre, renormalised to sum to 1 (so edges clamp); when shrinking,
 *       {@code s > 1} widens the triangle, which is Pillow's built-in antialiasing;</li>
 *   <li>weights in fixed point with 22 fractional bits, sums rounded half up and clipped to [0, 255].</li>
 * </ul>
 * For enlargement (28 → 96) this equals {@code torch.nn.functional.interpolate(mode='bilinear',
 * align_corners=False)} up to the 8-bit rounding.
 */
public final class Resize {
    private static final int PRECISION_BITS = 32 - 8 - 2;

    private Resize() {
    }

    /** Resizes one channel of {@code inH×inW} bytes (row-major) to {@code outH×outW}. */
    public static byte[] bilinear(byte[] in, int inH, int inW, int outH, int outW) {
        if (inH == outH && inW == outW) {
            return in.clone();
        }
        Coefficients horizontal = Coefficients.of(inW, outW);
        Coefficients vertical = Coefficients.of(inH, outH);
        byte[] tmp = new byte[inH * outW];
        for (int y = 0; y < inH; y++) {
            for (int x = 0; x < outW; x++) {
                long sum = 1L << (PRECISION_BITS - 1);
                int min = horizontal.min[x];
                for (int k = 0; k < horizontal.count[x]; k++) {
                    sum += (long) (in[y * inW + min + k] & 0xFF) * horizontal.weights[x * horizontal.ksize + k];
                }
                tmp[y * outW + x] = clip8(sum);
            }
        }
        byte[] out = new byte[outH * outW];
        for (int y = 0; y < outH; y++) {
            int min = vertical.min[y];
            for (int x = 0; x < outW; x++) {
                long sum = 1L << (PRECISION_BITS - 1);
                for (int k = 0; k < vertical.count[y]; k++) {
                    sum += (long) (tmp[(min + k) * outW + x] & 0xFF) * vertical.weights[y * vertical.ksize + k];
                }
                out[y * outW + x] = clip8(sum);
            }
        }
        return out;
    }

    private static byte clip8(long v) {
        if (v >= (1L << PRECISION_BITS << 8)) {
            return (byte) 255;
        }
        if (v <= 0) {
            return 0;
        }
        return (byte) (v >> PRECISION_BITS);
    }

    /** Pillow's {@code precompute_coeffs} + {@code normalize_coeffs_8bpc} for the bilinear filter (support 1). */
    private record Coefficients(int ksize, int[] min, int[] count, int[] weights) {
        static Coefficients of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = 1.0 * filterScale;
            int ksize = (int) Math.ceil(support) * 2 + 1;
            int[] min = new int[outSize];
            int[] count = new int[outSize];
            int[] weights = new int[outSize * ksize];
            double[] k = new double[ksize];
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                double ss = 1.0 / filterScale;
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
                double ww = 0;
                for (int x = 0; x < xmax; x++) {
                    double t = Math.abs((x + xmin - center + 0.5) * ss);
                    k[x] = t < 1.0 ? 1.0 - t : 0.0;
                    ww += k[x];
                }
                for (int x = 0; x < xmax; x++) {
                    double w = ww != 0.0 ? k[x] / ww : k[x];
                    weights[xx * ksize + x] = (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
                }
                min[xx] = xmin;
                count[xx] = xmax;
            }
            return new Coefficients(ksize, min, count, weights);
        }
    }
}
