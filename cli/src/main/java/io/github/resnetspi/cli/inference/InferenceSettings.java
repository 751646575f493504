package io.github.resnetspi.cli.inference;

import java.util.List;

/**
 * The settings of one inference comparison, validated, as its {@code results.json} records them.
 *
 * @param model           the network preset
 * @param dataset         the dataset whose image shape and classes the network is built for (no data is read)
 * @param resize          the input size (0: the dataset's own)
 * @param seed            seed of the initial weights (unless {@code weights}) and of the input images
 * @param weights         the weights file, or null for the preset's initial state from {@code seed}
 * @param names           the naming convention of {@code weights}
 * @param backends        the backends measured, in order (native PyTorch comes on top of them)
 * @param device          the device asked of every backend
 * @param threads         {@code --threads}, or null for each engine's default
 * @param warmup          untimed batch-1 forwards before the timed ones, per round
 * @param runs            timed batch-1 forwards per round
 * @param throughputBatch the batch of the throughput forwards
 * @param throughputRuns  timed forwards at that batch per round
 * @param rounds          rounds; each runs every side once, in an order rotated by one each round
 */
public record InferenceSettings(String model, String dataset, int resize, long seed, String weights, String names,
                                List<String> backends, String device, Integer threads, int warmup, int runs,
                                int throughputBatch, int throughputRuns, int rounds) {
    /** Images whose logits every side computes for the agreement check. */
    public static final int CHECK_BATCH = 2;

    public InferenceSettings {
        backends = List.copyOf(backends);
    }
}
