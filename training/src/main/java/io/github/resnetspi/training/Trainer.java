package io.github.resnetspi.training;

import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.StepResult;
import io.github.resnetspi.training.checkpoint.Checkpoint;
import io.github.resnetspi.training.checkpoint.CheckpointException;
import io.github.resnetspi.training.checkpoint.CheckpointStore;
import io.github.resnetspi.training.checkpoint.StateCheck;
import io.github.resnetspi.training.data.BatchMaker;
import io.github.resnetspi.training.data.DataOrder;
import io.github.resnetspi.training.data.Dataset;
import io.github.resnetspi.training.data.TrainTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The d2l training loop ({@code train_ch6}) over the SPI: per epoch, shuffle the training set
 * ({@link DataOrder}), one {@link Model#trainStep} per batch at the schedule's learning rate, accumulate loss and
 * accuracy from the step results, then measure test accuracy with {@link Mode#EVAL} forwards, report, and write a
 * checkpoint. A final training batch of a single example is skipped, since batch norm cannot train on it.
 */
public final class Trainer {
    private final TrainingListener listener;

    public Trainer(TrainingListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Trains {@code model} (freshly compiled with the config's seed and optimizer) on {@code data} (already limited
     * by the config's limits). With {@code resumeFrom}, its state and history are restored first and training
     * continues with the next epoch; a checkpoint that already holds every epoch leaves nothing to train, and its
     * history is the result (so re-running an interrupted job that had just finished gives that job's result). With
     * a {@code store}, a checkpoint is written after every epoch.
     */
    public TrainingResult train(Model model, TrainTest data, TrainConfig config, CheckpointStore store,
                                Checkpoint resumeFrom, String backend) {
        List<EpochMetrics> history = new ArrayList<>();
        int start = 0;
        if (resumeFrom != null) {
            checkResumable(resumeFrom, config);
            requireComplete(model, resumeFrom, store);
            model.importState(resumeFrom.state());
            history.addAll(resumeFrom.history());
            start = resumeFrom.epoch();
        }
        Dataset train = data.train();
        int h = config.resize() > 0 ? config.resize() : train.height();
        int w = config.resize() > 0 ? config.resize() : train.width();
        BatchMaker trainBatches = new BatchMaker(train, h, w);
        BatchMaker testBatches = new BatchMaker(data.test(), h, w);
        int n = train.size();
        int batches = (n + config.batchSize() - 1) / config.batchSize();
        for (int epoch = start; epoch < config.epochs(); epoch++) {
            history.add(runEpoch(model, config, epoch, trainBatches, n, batches, testBatches, data.test().size()));
            if (store != null) {
                listener.checkpointWritten(store.write(epoch + 1, model.exportState(), config.identity(), history, backend,
                        Shape.of(train.channels(), h, w)));
            }
        }
        return new TrainingResult(history, start);
    }

    private EpochMetrics runEpoch(Model model, TrainConfig config, int epoch, BatchMaker maker, int n, int batches,
                                  BatchMaker test, int testSize) {
        double firstRate = config.sgd().learningRateAt(epoch);
        int[] order = DataOrder.permutation(config.seed(), epoch, n);
        listener.epochStarted(epoch + 1, config.epochs(), batches);
        long begin = System.nanoTime();
        double stepNanos = 0;
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        for (int b = 0; b < batches; b++) {
            int from = b * config.batchSize();
            int to = Math.min(n, from + config.batchSize());
            if (to - from < 2) {
                continue;
            }
            FloatTensor images = maker.images(order, from, to);
            int[] labels = maker.labels(order, from, to);
            // the schedule is asked at the start of every step (a warm-up/decay schedule changes the rate within epochs)
            double lr = config.sgd().learningRateAt(epoch + (double) b / batches);
            long t0 = System.nanoTime();
            StepResult r = model.trainStep(images, labels, lr);
            stepNanos += System.nanoTime() - t0;
            if (!Double.isFinite(r.loss())) {
                throw new ResnetSpiException("training diverged in epoch " + (epoch + 1) + ", batch " + (b + 1)
                        + ": loss is " + r.loss() + " at learning rate " + lr + "; train with a smaller learning rate",
                        ErrorAnchor.TRAINING_DIVERGED);
            }
            lossSum += r.loss() * labels.length;
            correct += countCorrect(r.logits(), labels);
            seen += labels.length;
            listener.batchFinished(epoch + 1, b + 1, batches, lossSum / seen, (double) correct / seen);
        }
        double testAcc = evaluate(model, test, testSize, config.batchSize(), epoch + 1);
        double epochSeconds = (System.nanoTime() - begin) / 1e9;
        double trainSeconds = stepNanos / 1e9;
        EpochMetrics m = new EpochMetrics(epoch + 1, firstRate, lossSum / seen, (double) correct / seen, testAcc, seen,
                trainSeconds, epochSeconds, trainSeconds > 0 ? seen / trainSeconds : 0, PeakMemory.peakRssBytes());
        listener.epochFinished(m);
        return m;
    }

    /** Accuracy on the test set with batch norm in eval mode, in batches of {@code batchSize}, in file order. */
    double evaluate(Model model, BatchMaker test, int size, int batchSize, int epoch) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        int batches = (size + batchSize - 1) / batchSize;
        listener.evaluationStarted(epoch, batches);
        long correct = 0;
        for (int from = 0; from < size; from += batchSize) {
            int to = Math.min(size, from + batchSize);
            FloatTensor logits = model.forward(test.images(order, from, to), Mode.EVAL);
            correct += countCorrect(logits, test.labels(order, from, to));
        }
        return size == 0 ? 0 : (double) correct / size;
    }

    /** Rows of (N, classes) logits whose first maximum is at the label, as {@code argmax} counts them. */
    public static long countCorrect(FloatTensor logits, int[] labels) {
        int classes = logits.shape().dim(1);
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            float bestValue = logits.get(i * classes);
            for (int k = 1; k < classes; k++) {
                float v = logits.get(i * classes + k);
                if (v > bestValue) {
                    best = k;
                    bestValue = v;
                }
            }
            if (best == labels[i]) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * The checkpoint must restore the whole state of {@code model}: the fresh model's export names every entry of its
     * state layout with its shape. A damaged checkpoint of {@code store} gets the store's hint about older ones.
     */
    private static void requireComplete(Model model, Checkpoint from, CheckpointStore store) {
        Map<String, Shape> expected = new LinkedHashMap<>();
        model.exportState().asMap().forEach((name, t) -> expected.put(name, t.shape()));
        try {
            StateCheck.requireComplete(from.file(), from.state(), expected);
        } catch (CheckpointException e) {
            throw store == null ? e : store.withRecoveryHint(e, from.file());
        }
    }

    private static void checkResumable(Checkpoint c, TrainConfig config) {
        if (!DataOrder.ALGORITHM.equals(c.dataOrder())) {
            throw new CheckpointException("checkpoint " + c.file() + " was written with data order '" + c.dataOrder()
                    + "', this version uses '" + DataOrder.ALGORITHM + "': it cannot be resumed exactly");
        }
        for (Map.Entry<String, String> e : config.identity().entrySet()) {
            String saved = c.identity().get(e.getKey());
            if (!e.getValue().equals(saved)) {
                throw new CheckpointException("cannot resume from " + c.file() + ": it was written with " + e.getKey()
                        + "=" + saved + " but this run has " + e.getKey() + "=" + e.getValue()
                        + "; resume with the settings it was written with, or write to another checkpoint directory to"
                        + " start afresh");
            }
        }
        if (c.epoch() > config.epochs()) {
            throw new CheckpointException("checkpoint " + c.file() + " already holds " + c.epoch()
                    + " epochs, more than the " + config.epochs() + " this run asks for; ask for more epochs to train further");
        }
    }
}
