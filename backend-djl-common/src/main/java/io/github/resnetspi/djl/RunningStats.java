package io.github.resnetspi.djl;

import ai.djl.ndarray.NDArray;

/**
 * The running-statistics update of {@link io.github.resnetspi.api.graph.BatchNorm2d}, for engines whose fused batch
 * norm updates them differently: {@code running = (1 − m)·running + m·batch}, with the unbiased batch variance.
 * Must run outside gradient recording; updates the running arrays in place.
 */
public final class RunningStats {
    private RunningStats() {
    }

    /**
     * The update from batch statistics the engine already computed: {@code biasedVar} divides by {@code count}
     * (= N·H·W) and is turned into the unbiased variance here.
     */
    public static void update(NDArray runningMean, NDArray runningVar, NDArray batchMean, NDArray biasedVar, long count,
                              double momentum) {
        float keep = (float) (1 - momentum);
        float take = (float) momentum;
        NDArray unbiasedVar = biasedVar.mul((float) ((double) count / (count - 1)));
        runningMean.muli(keep).addi(batchMean.mul(take));
        runningVar.muli(keep).addi(unbiasedVar.mul(take));
    }
}
