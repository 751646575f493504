package io.github.resnetspi.djl;

import ai.djl.ndarray.NDArray;

/**
 * The running-statistics update of {@link io.github.resnetspi.api.graph.BatchNorm2d} written out with plain ops, for
 * engines whose fused batch norm updates them differently: {@code running = (1 − m)·running + m·batch}, with the
 * unbiased batch variance. Must run outside gradient recording; updates the running arrays in place.
 */
public final class RunningStats {
    private static final int[] NHW = {0, 2, 3};

    private RunningStats() {
    }

    public static void update(NDArray x, NDArray runningMean, NDArray runningVar, double momentum) {
        long[] d = x.getShape().getShape();
        long count = d[0] * d[2] * d[3];
        NDArray mean = x.mean(NHW);
        NDArray centred = x.sub(mean.reshape(1, d[1], 1, 1));
        NDArray unbiasedVar = centred.square().sum(NHW).div((float) (count - 1));
        blend(runningMean, runningVar, mean, unbiasedVar, momentum);
    }

    /**
     * The update from batch statistics an engine already computed: {@code biasedVar} divides by {@code count}
     * (= N·H·W) and is turned into the unbiased variance here.
     */
    public static void update(NDArray runningMean, NDArray runningVar, NDArray batchMean, NDArray biasedVar, long count,
                              double momentum) {
        blend(runningMean, runningVar, batchMean, biasedVar.mul((float) ((double) count / (count - 1))), momentum);
    }

    private static void blend(NDArray runningMean, NDArray runningVar, NDArray mean, NDArray unbiasedVar, double momentum) {
        float keep = (float) (1 - momentum);
        float take = (float) momentum;
        runningMean.muli(keep).addi(mean.mul(take));
        runningVar.muli(keep).addi(unbiasedVar.mul(take));
    }
}
