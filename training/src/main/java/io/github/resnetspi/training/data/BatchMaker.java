package io.github.resnetspi.training.data;

import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;

/**
 * Turns examples of a {@link Dataset} into an NCHW float batch the way the seeds' pipeline does
 * ({@code transforms.Resize(size)} then {@code transforms.ToTensor()}): each channel is resized with
 * {@link Resize#bilinear} on the 8-bit image, then every byte {@code v} becomes {@code v / 255f} in [0, 1]. No mean
 * or standard-deviation normalisation is applied (the d2l chapter applies none).
 */
public final class BatchMaker {
    private final Dataset data;
    private final int outH;
    private final int outW;

    /** Batches at {@code outH×outW} (the dataset's own size when equal). */
    public BatchMaker(Dataset data, int outH, int outW) {
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("resize target must be positive, got " + outH + "x" + outW);
        }
        this.data = data;
        this.outH = outH;
        this.outW = outW;
    }

    /** Shape of one example in the batches, (C, H, W). */
    public Shape exampleShape() {
        return Shape.of(data.channels(), outH, outW);
    }

    /** The examples {@code order[from..to)} as (N, C, H, W). */
    public FloatTensor images(int[] order, int from, int to) {
        int n = to - from;
        int c = data.channels();
        int plane = outH * outW;
        int inPlane = data.height() * data.width();
        float[] out = new float[n * c * plane];
        boolean sameSize = outH == data.height() && outW == data.width();
        for (int i = 0; i < n; i++) {
            byte[] ex = data.example(order[from + i]);
            if (sameSize) { // no resize: straight from the example's bytes, no per-channel copies
                int base = i * c * plane;
                for (int p = 0; p < c * plane; p++) {
                    out[base + p] = (ex[p] & 0xFF) / 255f;
                }
                continue;
            }
            for (int ch = 0; ch < c; ch++) {
                byte[] src = new byte[inPlane];
                System.arraycopy(ex, ch * inPlane, src, 0, inPlane);
                byte[] resized = Resize.bilinear(src, data.height(), data.width(), outH, outW);
                int base = (i * c + ch) * plane;
                for (int p = 0; p < plane; p++) {
                    out[base + p] = (resized[p] & 0xFF) / 255f;
                }
            }
        }
        return FloatTensor.wrap(Shape.of(n, c, outH, outW), out);
    }

    /** Labels of {@code order[from..to)}. */
    public int[] labels(int[] order, int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = data.label(order[from + i]);
        }
        return out;
    }
}
