package io.github.resnetspi.reference;

/**
 * A float64 activation in row-major NCHW order. A flat (N, F) activation is stored as (N, F, 1, 1), so that
 * flatten is the identity on the data.
 */
record Activation(double[] v, int n, int c, int h, int w) {
    Activation {
        if ((long) n * c * h * w != v.length) {
            throw new IllegalArgumentException("(" + n + ", " + c + ", " + h + ", " + w + ") needs " + ((long) n * c * h * w)
                    + " values, got " + v.length);
        }
    }

    /** Features per example. */
    int features() {
        return c * h * w;
    }

    int plane() {
        return h * w;
    }
}
