package io.github.resnetspi.examples;

// tag::train[]
import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.train.LrSchedule;
import io.github.resnetspi.api.train.Sgd;
import io.github.resnetspi.training.EpochMetrics;
import io.github.resnetspi.training.TrainConfig;
import io.github.resnetspi.training.Trainer;
import io.github.resnetspi.training.TrainingListener;
import io.github.resnetspi.training.TrainingResult;
import io.github.resnetspi.training.data.Dataset;
import io.github.resnetspi.training.data.FashionMnist;
import io.github.resnetspi.training.data.TrainTest;
import java.nio.file.Path;

/**
 * Trains {@code resnet-tiny} on Fashion-MNIST with the {@code training} module's loop, as the CLI's {@code train} does.
 * Arguments: {@code DIR [EPOCHS [TRAIN_LIMIT [TEST_LIMIT]]]}, where {@code DIR} holds the four IDX files
 * ({@code train-images-idx3-ubyte.gz}, ...): the full dataset, or any subset such as the 2,000/1,000 images committed
 * with the conformance kit (what CI trains on). Limits of 0 use every image.
 */
public final class TrainFashionMnist {
    private TrainFashionMnist() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 4) {
            System.err.println("usage: TrainFashionMnist DIR [EPOCHS [TRAIN_LIMIT [TEST_LIMIT]]]");
            System.exit(2);
        }
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int trainLimit = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        int testLimit = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        train(Path.of(args[0]), epochs, trainLimit, testLimit);
    }

    static TrainingResult train(Path dir, int epochs, int trainLimit, int testLimit) {
        // Any IDX pair, unchecked; FashionMnist.load(dir) reads the full dataset and verifies its checksums.
        Dataset train = FashionMnist.readPair("fashion-mnist/train", dir.resolve("train-images-idx3-ubyte.gz"),
                dir.resolve("train-labels-idx1-ubyte.gz"), -1, null, null);
        Dataset test = FashionMnist.readPair("fashion-mnist/test", dir.resolve("t10k-images-idx3-ubyte.gz"),
                dir.resolve("t10k-labels-idx1-ubyte.gz"), -1, null, null);
        TrainTest data = new TrainTest(train, test, dir.toString()).limit(trainLimit, testLimit);

        // the last epoch at a tenth of the rate settles the weights and the BN statistics that evaluation uses
        Sgd sgd = new Sgd(0.05, 0.9, 5e-4, LrSchedule.stepDecay(Math.max(epochs - 1, 1), 0.1));
        TrainConfig config = new TrainConfig("resnet-tiny", "fashion-mnist", 0, trainLimit, testLimit, epochs, 32, sgd, 1);
        Network net = Presets.build(config.model());
        Backend backend = Backends.select();
        CompileOptions options = CompileOptions.defaults().withSeed(config.seed()).withOptimizer(sgd);
        try (Model model = backend.compile(net, options)) {
            TrainingListener progress = new TrainingListener() {
                @Override
                public void epochFinished(EpochMetrics m) {
                    System.out.printf("epoch %d: loss %.4f, train acc %.3f, test acc %.3f%n", m.epoch(), m.loss(),
                            m.trainAccuracy(), m.testAccuracy());
                }
            };
            // no checkpoint store, no checkpoint to resume from
            TrainingResult result = new Trainer(progress).train(model, data, config, null, null, backend.name());
            System.out.println(result.d2lLine(model.device().toString()));
            return result;
        }
    }
}
// end::train[]
