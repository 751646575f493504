package io.github.resnetspi.conformance;

import io.github.resnetspi.api.spi.Model;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.Sgd;
import java.util.Arrays;

/** The convergence check's training loop: fixed order (no shuffling, so every backend sees the same batches), then eval. */
final class Convergence {
    private Convergence() {
    }

    /** Trains {@code epochs} passes over {@code train} (last partial batch dropped) and returns the test accuracy. */
    static double trainAndTest(Model model, FashionMnistSubset train, FashionMnistSubset test, int epochs, int batch, Sgd sgd) {
        int steps = train.size() / batch;
        for (int e = 0; e < epochs; e++) {
            double lr = sgd.learningRateAt(e);
            for (int s = 0; s < steps; s++) {
                FloatTensor x = train.images().slice(s * batch, (s + 1) * batch);
                int[] y = Arrays.copyOfRange(train.labels(), s * batch, (s + 1) * batch);
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
