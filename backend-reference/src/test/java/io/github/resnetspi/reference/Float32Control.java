package io.github.resnetspi.reference;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.graph.Window;

/**
 * The kit's positive control: the reference with correct semantics, but every node output and every activation
 * gradient perturbed by a deterministic relative error of up to {@link #NOISE} and rounded to float32, and every
 * parameter gradient, parameter, momentum buffer and running statistic rounded to float32, as a float32 engine that
 * sums in another order would hold them. The kit must accept it on every numeric check.
 */
final class Float32Control extends Kernels {
    /** Relative size of the perturbation of computed values: 2^-22 ≈ 2.4e-7, a few float32 ulps. */
    static final double NOISE = 0x1p-22;

    private Float32Control() {
    }

    /** @return the control as a backend */
    static Backend provider() {
        return new ReferenceProvider("control-float32-rounding", ReferenceProvider.CPU_ONLY,
                (p, n, o, d) -> new ReferenceModel(p, n, o, d, new Float32Control()) {
                    @Override
                    protected void update(ParameterSpec spec, double[] w, double[] g, double[] v, double lr) {
                        round(g);
                        super.update(spec, w, g, v, lr);
                        round(w);
                        if (v != null) {
                            round(v);
                        }
                    }
                });
    }

    /** Perturbs each value by a deterministic relative error of up to {@link #NOISE}, then rounds it to float32. */
    static double[] perturb(double[] v) {
        for (int i = 0; i < v.length; i++) {
            long h = (i + 1L) * 0x9E3779B97F4A7C15L ^ v.length * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
            double r = (h >>> 11) * 0x1p-53 * 2 - 1;
            v[i] = (float) (v[i] * (1 + NOISE * r));
        }
        return v;
    }

    static double[] round(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) v[i];
        }
        return v;
    }

    private static Activation perturbed(Activation a) {
        perturb(a.v());
        return a;
    }

    @Override
    protected Activation convForward(Activation x, double[] weight, double[] bias, int outC, Window g) {
        return perturbed(super.convForward(x, weight, bias, outC, g));
    }

    @Override
    protected double[] convBackward(Activation x, double[] weight, double[] dOut, int outC, Window g, double[] dWeight,
                                    double[] dBias) {
        return perturb(super.convBackward(x, weight, dOut, outC, g, dWeight, dBias));
    }

    @Override
    protected void updateRunningStatistics(double[] runningMean, double[] runningVar, BatchStatistics batch, double momentum) {
        super.updateRunningStatistics(runningMean, runningVar, batch, momentum);
        round(runningMean);
        round(runningVar);
    }

    @Override
    protected Activation bnNormalise(Activation x, double[] gamma, double[] beta, double[] mean, double[] var, double eps) {
        return perturbed(super.bnNormalise(x, gamma, beta, mean, var, eps));
    }

    @Override
    protected double[] bnBatchBackward(Activation x, double[] gamma, double[] mean, double[] var, double eps, double[] dOut,
                                       double[] dGamma, double[] dBeta) {
        return perturb(super.bnBatchBackward(x, gamma, mean, var, eps, dOut, dGamma, dBeta));
    }

    @Override
    protected double[] bnFixedBackward(Activation x, double[] gamma, double[] mean, double[] var, double eps, double[] dOut,
                                       double[] dGamma, double[] dBeta) {
        return perturb(super.bnFixedBackward(x, gamma, mean, var, eps, dOut, dGamma, dBeta));
    }

    @Override
    protected Activation maxPoolForward(Activation x, Window g, int[] winners) {
        return perturbed(super.maxPoolForward(x, g, winners));
    }

    @Override
    protected double[] maxPoolBackward(int inputLength, int[] winners, double[] dOut) {
        return perturb(super.maxPoolBackward(inputLength, winners, dOut));
    }

    @Override
    protected Activation avgPoolForward(Activation x, Window g, double[] divisors) {
        return perturbed(super.avgPoolForward(x, g, divisors));
    }

    @Override
    protected double[] avgPoolBackward(Activation x, Window g, double[] divisors, double[] dOut) {
        return perturb(super.avgPoolBackward(x, g, divisors, dOut));
    }

    @Override
    protected Activation globalAvgPoolForward(Activation x) {
        return perturbed(super.globalAvgPoolForward(x));
    }

    @Override
    protected double[] globalAvgPoolBackward(Activation x, double[] dOut) {
        return perturb(super.globalAvgPoolBackward(x, dOut));
    }

    @Override
    protected double[] flattenBackward(Activation x, double[] dOut) {
        return perturb(super.flattenBackward(x, dOut));
    }

    @Override
    protected Activation denseForward(Activation x, double[] weight, double[] bias, int units) {
        return perturbed(super.denseForward(x, weight, bias, units));
    }

    @Override
    protected double[] denseBackward(Activation x, double[] weight, double[] dOut, int units, double[] dWeight, double[] dBias) {
        return perturb(super.denseBackward(x, weight, dOut, units, dWeight, dBias));
    }

    @Override
    protected Activation reluForward(Activation x) {
        return perturbed(super.reluForward(x));
    }

    @Override
    protected double[] reluBackward(boolean[] passes, double[] dOut) {
        return perturb(super.reluBackward(passes, dOut));
    }

    @Override
    protected Activation add(Activation a, Activation b) {
        return perturbed(super.add(a, b));
    }
}
