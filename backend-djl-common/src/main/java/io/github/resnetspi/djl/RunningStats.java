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
        float keep = (float) (1 - momentum);
        float take = (float) momentum;
        runningMean.muli(keep).addi(mean.muli(take));
        runningVar.muli(keep).addi(unbiasedVar.muli(take));
    }
}
