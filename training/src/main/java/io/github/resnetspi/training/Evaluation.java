package io.github.resnetspi.training;

import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.training.data.BatchMaker;
import io.github.resnetspi.training.data.Dataset;
import java.util.ArrayList;
import java.util.List;

/**
 * Test loss and accuracy of a model's current weights: every example of a dataset, in file order, forwarded with
 * batch norm in eval mode. The loss is the mean softmax cross-entropy (as PyTorch's {@code cross_entropy}), computed in
 * double precision from the float32 logits; accuracy counts rows whose first maximum is at the label.
 *
 * @param loss     mean cross-entropy
 * @param accuracy share of examples classified right
 * @param examples how many examples were evaluated
 * @param logits   the logits of every example, (N, classes), when asked for, else null
 */
public record Evaluation(double loss, double accuracy, int examples, FloatTensor logits) {

    /**
     * @param model      the compiled model, with the weights to evaluate
     * @param data       the examples
     * @param height     the height the network takes (images are resized to it)
     * @param width      the width the network takes
     * @param batchSize  examples per forward
     * @param keepLogits whether to return every logit
     * @return loss and accuracy
     */
    public static Evaluation of(Model model, Dataset data, int height, int width, int batchSize, boolean keepLogits) {
        BatchMaker maker = new BatchMaker(data, height, width);
        int n = data.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double lossSum = 0;
        long correct = 0;
        List<FloatTensor> kept = new ArrayList<>();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            FloatTensor logits = model.forward(maker.images(order, from, to), Mode.EVAL);
            int[] labels = maker.labels(order, from, to);
            correct += Trainer.countCorrect(logits, labels);
            lossSum += crossEntropySum(logits, labels);
            if (keepLogits) {
                kept.add(logits);
            }
        }
        return new Evaluation(n == 0 ? 0 : lossSum / n, n == 0 ? 0 : (double) correct / n, n,
                keepLogits ? concat(kept, n, data.classes()) : null);
    }

    private static double crossEntropySum(FloatTensor logits, int[] labels) {
        int classes = logits.shape().dim(1);
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, logits.get(i * classes + k));
            }
            double exp = 0;
            for (int k = 0; k < classes; k++) {
                exp += Math.exp(logits.get(i * classes + k) - max);
            }
            sum += max + Math.log(exp) - logits.get(i * classes + labels[i]);
        }
        return sum;
    }

    private static FloatTensor concat(List<FloatTensor> parts, int n, int classes) {
        float[] all = new float[n * classes];
        int at = 0;
        for (FloatTensor t : parts) {
            t.buffer().get(all, at, t.size());
            at += t.size();
        }
        return FloatTensor.wrap(io.github.resnetspi.api.graph.Shape.of(n, classes), all);
    }
}
