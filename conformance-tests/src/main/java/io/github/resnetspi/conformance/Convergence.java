package io.github.resnetspi.conformance;

import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.train.LrSchedule;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.Sgd;
import java.util.Arrays;

/**
 * The convergence check's recipe and training loop, calibrated on the reference (see the README): 4 epochs in a fixed
 * order (no shuffling, so every backend sees the same batches), batch 16, SGD with momentum 0.9 and weight decay 5e-4
 * at rate 0.05, divided by 10 for the last epoch (which settles the weights and BN running statistics that eval mode
 * uses); then test accuracy in eval mode.
 */
final class Convergence {
    static final int EPOCHS = 4;
    static final int BATCH = 16;
    static final Sgd SGD = new Sgd(0.05, 0.9, 5e-4, LrSchedule.stepDecay(EPOCHS - 1, 0.1));

    private Convergence() {
    }

    /** Trains {@link #EPOCHS} passes over {@code train} (last partial batch dropped) and returns the test accuracy. */
    static double trainAndTest(Model model, FashionMnistSubset train, FashionMnistSubset test) {
        int steps = train.size() / BATCH;
        for (int e = 0; e < EPOCHS; e++) {
            double lr = SGD.learningRateAt(e);
            for (int s = 0; s < steps; s++) {
                FloatTensor x = train.images().slice(s * BATCH, (s + 1) * BATCH);
                int[] y = Arrays.copyOfRange(train.labels(), s * BATCH, (s + 1) * BATCH);
                double loss = model.trainStep(x, y, lr).loss();
                if (!Double.isFinite(loss)) {
                    throw new AssertionError("loss became " + loss + " in epoch " + (e + 1) + ", step " + (s + 1));
                }
            }
        }
        return accuracy(model, test, 250);
    }

    static double accuracy(Model model, FashionMnistSubset data, int batch) {
        int correct = 0;
        for (int from = 0; from < data.size(); from += batch) {
            int to = Math.min(data.size(), from + batch);
            FloatTensor logits = model.forward(data.images().slice(from, to), Mode.EVAL);
            int classes = logits.shape().dim(1);
            for (int i = 0; i < to - from; i++) {
                int best = 0;
                for (int k = 1; k < classes; k++) {
                    if (logits.get(i * classes + k) > logits.get(i * classes + best)) {
                        best = k;
                    }
                }
                correct += best == data.labels()[from + i] ? 1 : 0;
            }
        }
        return correct / (double) data.size();
    }
}
