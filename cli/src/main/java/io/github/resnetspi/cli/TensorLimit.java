package io.github.resnetspi.cli;

import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.cli.args.UsageException;

/**
 * A {@link io.github.resnetspi.api.tensor.FloatTensor} is one Java float array: at most {@value #MAX_VALUES} values.
 * Shapes from the command line are checked against that before anything is allocated, so that an input such as
 * {@code 1,1,100000,100000} is a bad argument rather than an integer overflow deep inside.
 */
final class TensorLimit {
    static final int MAX_VALUES = Integer.MAX_VALUE;

    private TensorLimit() {
    }

    /** The number of values of {@code s}, or -1 when it exceeds even a long. */
    static long values(Shape s) {
        long n = 1;
        for (int i = 0; i < s.rank(); i++) {
            try {
                n = Math.multiplyExact(n, s.dim(i));
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return n;
    }

    /** Fails with a {@link UsageException} naming {@code what} and ending with {@code advice} if {@code s} is too large. */
    static void requireFits(String what, Shape s, String advice) {
        long n = values(s);
        if (n < 0 || n > MAX_VALUES) {
            throw new UsageException(what + " " + s + " would hold " + (n < 0 ? "more than 2^63" : Long.toString(n))
                    + " values, more than a tensor can (" + MAX_VALUES + "); " + advice);
        }
    }
}
