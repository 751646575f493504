package io.github.resnetspi.training.data;

/**
 * A dataset's training and test parts, with the same geometry and classes, and where they came from ({@code source}:
 * the directory read, or how they were generated), so that a run can say which data it trained on.
 */
public record TrainTest(Dataset train, Dataset test, String source) {
    public TrainTest {
        if (train.channels() != test.channels() || train.height() != test.height() || train.width() != test.width()
                || train.classes() != test.classes()) {
            throw new IllegalArgumentException("train " + train + " and test " + test + " differ in geometry");
        }
    }

    /** Both parts cut to at most {@code trainLimit} / {@code testLimit} examples (0 = no limit). */
    public TrainTest limit(int trainLimit, int testLimit) {
        return new TrainTest(trainLimit > 0 ? train.limit(trainLimit) : train, testLimit > 0 ? test.limit(testLimit) : test,
                source);
    }
}
