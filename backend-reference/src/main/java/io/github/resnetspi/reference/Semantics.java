package io.github.resnetspi.reference;

/**
 * The knobs of the reference backend. {@link #CORRECT} is the semantics pinned by the API's Javadoc; every other value
 * exists only so that the conformance tests can build deliberately wrong variants of the reference (the mutants the
 * kit must catch) and a float32-rounding control (which the kit must accept).
 *
 * @param tfSamePadding        pad convolutions and pools as TensorFlow's 'SAME' would whenever that gives the same
 *                             output size, ignoring the declared (symmetric) padding
 * @param bnEpsilonOverride    use this ε in every batch norm instead of the declared one; NaN keeps the declared ε
 * @param biasedRunningVar     update the running variance with the biased batch variance (divide by m, not m − 1)
 * @param avgPoolAlwaysCountsPad let every average pool divide by the full kernel area, even when it should not
 * @param dampenedMomentum     use {@code v = μ·v + (1 − μ)·g} instead of {@code v = μ·v + g}
 * @param float32Rounding      perturb every node output and activation gradient by ~1e-6 relative and round
 *                             them and every stored tensor to float32 (a float32 engine's rounding and reordered
 *                             sums, as a positive control for the kit's tolerances)
 */
record Semantics(boolean tfSamePadding, double bnEpsilonOverride, boolean biasedRunningVar,
                 boolean avgPoolAlwaysCountsPad, boolean dampenedMomentum, boolean float32Rounding) {

    static final Semantics CORRECT = new Semantics(false, Double.NaN, false, false, false, false);

    Semantics withTfSamePadding() {
        return new Semantics(true, bnEpsilonOverride, biasedRunningVar, avgPoolAlwaysCountsPad, dampenedMomentum, float32Rounding);
    }

    Semantics withBnEpsilon(double epsilon) {
        return new Semantics(tfSamePadding, epsilon, biasedRunningVar, avgPoolAlwaysCountsPad, dampenedMomentum, float32Rounding);
    }

    Semantics withBiasedRunningVar() {
        return new Semantics(tfSamePadding, bnEpsilonOverride, true, avgPoolAlwaysCountsPad, dampenedMomentum, float32Rounding);
    }

    Semantics withAvgPoolAlwaysCountingPad() {
        return new Semantics(tfSamePadding, bnEpsilonOverride, biasedRunningVar, true, dampenedMomentum, float32Rounding);
    }

    Semantics withDampenedMomentum() {
        return new Semantics(tfSamePadding, bnEpsilonOverride, biasedRunningVar, avgPoolAlwaysCountsPad, true, float32Rounding);
    }

    Semantics withFloat32Rounding() {
        return new Semantics(tfSamePadding, bnEpsilonOverride, biasedRunningVar, avgPoolAlwaysCountsPad, dampenedMomentum, true);
    }

    double bnEpsilon(double declared) {
        return Double.isNaN(bnEpsilonOverride) ? declared : bnEpsilonOverride;
    }

    /** Relative size of the control's perturbation of computed values: 2^-20 ≈ 1e-6. */
    static final double CONTROL_NOISE = 0x1p-20;

    /**
     * For the float32 control, perturbs each computed value (node output, activation gradient) by a deterministic
     * relative error of up to {@link #CONTROL_NOISE} and rounds it to float32: the error of a float32 engine that sums a
     * few hundred terms in another order. Otherwise leaves {@code v} alone.
     */
    double[] perturb(double[] v) {
        if (float32Rounding) {
            for (int i = 0; i < v.length; i++) {
                long h = (i + 1L) * 0x9E3779B97F4A7C15L ^ v.length * 0xBF58476D1CE4E5B9L;
                h ^= h >>> 31;
                double r = (h >>> 11) * 0x1p-53 * 2 - 1;
                v[i] = (float) (v[i] * (1 + CONTROL_NOISE * r));
            }
        }
        return v;
    }

    /** Rounds in place when this is the float32 control; otherwise leaves {@code v} alone. */
    double[] round(double[] v) {
        if (float32Rounding) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) v[i];
            }
        }
        return v;
    }
}
