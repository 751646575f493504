package io.github.resnetspi.djl.mxnet;

import ai.djl.mxnet.engine.MxGradientCollector;
import ai.djl.mxnet.engine.MxNDManager;
import ai.djl.mxnet.engine.MxOpParams;
import ai.djl.mxnet.jna.JnaUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.github.resnetspi.api.graph.BatchNorm2d;
import io.github.resnetspi.djl.EngineAdapter;
import io.github.resnetspi.djl.RunningStats;
import java.util.List;

/**
 * What is particular to MXNet.
 * <ul>
 *   <li>MXNet's batch norm updates its moving statistics in the <em>backward</em> pass (so a train-mode forward
 *       alone would not update them), with {@code m·old + (1−m)·batch} and the <em>biased</em> variance. The fused
 *       op is therefore given throw-away copies of the running statistics, and the API's update (PyTorch
 *       convention, unbiased variance) is computed in the forward pass with recording paused, from the batch mean and
 *       inverse standard deviation the fused op outputs ({@code output_mean_var}): no extra pass over the
 *       activations.</li>
 *   <li>Batch norm's train mode must match MXNet's global autograd training flag, so a train-mode forward outside a
 *       gradient collector sets that flag for its duration.</li>
 *   <li>The API's add (equal shapes) is MXNet's {@code elemwise_add}, whose backward passes the gradient through;
 *       DJL's {@code add} is the broadcasting {@code _npi_add}, whose backward is a reduction (2–3 % of a 96×96
 *       step).</li>
 *   <li>Gradients are written (not accumulated) by each backward pass: nothing to clear.</li>
 *   <li>The momentum step is MXNet's fused {@code sgd_mom_update} ({@link #momentumKernel()}).</li>
 * </ul>
 */
final class MxnetAdapter implements EngineAdapter {
    @Override
    public NDArray batchNorm(NDArray x, NDArray gamma, NDArray beta, NDArray runningMean, NDArray runningVar,
                             BatchNorm2d op, boolean training) {
        if (!training) {
            return x.getNDArrayInternal().batchNorm(x, runningMean, runningVar, gamma, beta, 1, (float) (1 - op.momentum()),
                    (float) op.epsilon(), false).singletonOrThrow();
        }
        MxOpParams params = new MxOpParams();
        params.addParam("axis", 1);
        params.addParam("fix_gamma", false);
        params.addParam("eps", (float) op.epsilon());
        params.addParam("momentum", (float) (1 - op.momentum()));
        params.addParam("output_mean_var", true);
        // outputs: y, batch mean, batch 1/sqrt(biased var + eps); the moving statistics MXNet updates in backward are copies
        NDList out = ((MxNDManager) x.getManager()).invoke("_npx_batch_norm",
                new NDList(x, gamma, beta, runningMean.duplicate(), runningVar.duplicate()), params);
        boolean wasRecording = MxGradientCollector.setRecording(false);
        try {
            long[] d = x.getShape().getShape();
            NDArray biasedVar = out.get(2).square().pow(-1).sub((float) op.epsilon());
            RunningStats.update(runningMean, runningVar, out.get(1), biasedVar, d[0] * d[2] * d[3], op.momentum());
        } finally {
            MxGradientCollector.setRecording(wasRecording);
        }
        return out.get(0);
    }

    @Override
    public NDArray add(NDArray a, NDArray b) {
        return ((MxNDManager) a.getManager()).invoke("elemwise_add", new NDList(a, b), null).singletonOrThrow();
    }

    /**
     * MXNet's {@code sgd_mom_update} keeps its state as {@code s = μ'·s − lr·(g + wd·w); w = w + s}, one pass over the
     * three arrays. Given PyTorch's buffer {@code v} as {@code s} and {@code μ' = −μ·lr}, it leaves {@code s = −lr·(μ·v +
     * g + wd·w)}, which is {@code −lr} times the new {@code v}, and the new weights; one scale by {@code −1/lr} makes the
     * buffer {@code v} again. Two passes where the generic update takes six (timed in docs/benchmarks.md, "Where a
     * step's time goes").
     */
    @Override
    public MomentumKernel momentumKernel() {
        return (weight, gradient, buffer, lr, momentum, weightDecay) -> {
            MxOpParams params = new MxOpParams();
            params.addParam("lr", lr);
            params.addParam("momentum", -momentum * lr);
            params.addParam("wd", weightDecay);
            params.addParam("rescale_grad", 1f);
            params.addParam("clip_gradient", -1f);
            ((MxNDManager) weight.getManager()).invoke("sgd_mom_update", new NDList(weight, gradient, buffer),
                    new NDList(weight), params);
            buffer.muli(-1 / lr);
        };
    }

    @Override
    public void synchronize() {
        JnaUtils.waitAll();
    }

    @Override
    public void clearGradients(List<NDArray> trainable) {
        // grad_req is "write": each backward overwrites the gradients
    }

    @Override
    public TrainMode trainModeOutsideCollector() {
        boolean was = MxGradientCollector.setTraining(true);
        return () -> MxGradientCollector.setTraining(was);
    }
}
