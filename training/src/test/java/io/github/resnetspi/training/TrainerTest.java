package io.github.resnetspi.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.DeviceRequest;
import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.LrSchedule;
import io.github.resnetspi.api.train.Sgd;
import io.github.resnetspi.training.checkpoint.Checkpoint;
import io.github.resnetspi.training.checkpoint.CheckpointException;
import io.github.resnetspi.training.checkpoint.CheckpointStore;
import io.github.resnetspi.training.data.Synthetic;
import io.github.resnetspi.training.data.TrainTest;
import io.github.resnetspi.training.testing.LinearBackend;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Training loop, checkpoints and resume")
class TrainerTest {
    @TempDir
    Path dir;

    /** Momentum, weight decay and a step schedule, so that resume must restore every piece of state. */
    static final TrainConfig CONFIG = new TrainConfig("linear", "synthetic", 0, 600, 200, 3, 32,
            new Sgd(0.05, 0.9, 1e-4, LrSchedule.stepDecay(2, 0.5)), 11);

    static TrainTest data() {
        return Synthetic.generate(CONFIG.limitTrain(), CONFIG.limitTest(), CONFIG.seed());
    }

    static Model compile(TrainConfig cfg) {
        Network net = LinearBackend.network(1, 28, 28, 10);
        return new LinearBackend().compile(net, CompileOptions.defaults().withSeed(cfg.seed()).withOptimizer(cfg.sgd()));
    }

    /** Runs the whole config without interruption; returns the result and the final state. */
    static Object[] uninterrupted(Path store) {
        try (Model m = compile(CONFIG)) {
            TrainingResult r = new Trainer(TrainingListener.NONE).train(m, data(), CONFIG, new CheckpointStore(store), null, "t");
            return new Object[] {r, m.exportState()};
        }
    }

    @Test
    @DisplayName("learns the synthetic set and reports d2l-style per-epoch metrics")
    void learns() {
        TrainingResult r = (TrainingResult) uninterrupted(dir.resolve("a"))[0];
        assertThat(r.history()).hasSize(3);
        assertThat(r.history().get(2).loss()).isLessThan(r.history().get(0).loss());
        assertThat(r.last().testAccuracy()).isGreaterThan(0.6);
        assertThat(r.history()).extracting(EpochMetrics::learningRate).containsExactly(0.05, 0.05, 0.025);
        assertThat(r.history()).allSatisfy(m -> {
            assertThat(m.trainExamples()).isEqualTo(600);
            assertThat(m.examplesPerSecond()).isPositive();
            assertThat(m.epochSeconds()).isGreaterThanOrEqualTo(m.trainSeconds());
        });
        assertThat(r.d2lLine("cpu")).matches("loss \\d\\.\\d{3}, train acc \\d\\.\\d{3}, test acc \\d\\.\\d{3}, \\d+\\.\\d examples/sec on cpu");
    }

    @Test
    @DisplayName("a run interrupted mid-epoch and resumed from its last checkpoint ends bit-identical to an uninterrupted run")
    void resumeEqualsUninterrupted() {
        Object[] full = uninterrupted(dir.resolve("full"));
        CheckpointStore store = new CheckpointStore(dir.resolve("interrupted"));
        TrainingListener crash = new TrainingListener() {
            @Override
            public void batchFinished(int epoch, int batch, int batches, double loss, double acc) {
                if (epoch == 2 && batch == 5) {
                    throw new IllegalStateException("simulated kill");
                }
            }
        };
        try (Model m = compile(CONFIG)) {
            assertThatThrownBy(() -> new Trainer(crash).train(m, data(), CONFIG, store, null, "t")).hasMessage("simulated kill");
        }
        Checkpoint last = store.latest().orElseThrow();
        assertThat(last.epoch()).isEqualTo(1);
        try (Model m = compile(CONFIG)) {
            TrainingResult resumed = new Trainer(TrainingListener.NONE).train(m, data(), CONFIG, store, last, "t");
            assertThat(resumed.resumedFromEpoch()).isEqualTo(1);
            assertThat(m.exportState()).isEqualTo((NamedTensors) full[1]);
            assertSameNumbers(resumed.history(), ((TrainingResult) full[0]).history());
        }
    }

    @Test
    @DisplayName("resuming with different settings is refused, naming the setting")
    void resumeMismatch() {
        uninterrupted(dir.resolve("a"));
        Checkpoint c = new CheckpointStore(dir.resolve("a")).latest().orElseThrow();
        TrainConfig other = new TrainConfig("linear", "synthetic", 0, 600, 200, 5, 32, CONFIG.sgd(), 12);
        try (Model m = compile(other)) {
            assertThatThrownBy(() -> new Trainer(TrainingListener.NONE).train(m, data(), other, null, c, "t"))
                    .isInstanceOf(CheckpointException.class).hasMessageContaining("seed=11").hasMessageContaining("seed=12");
        }
    }

    @Test
    @DisplayName("a checkpoint that holds every requested epoch leaves nothing to train: its history is the result")
    void resumeComplete() {
        List<EpochMetrics> full = ((TrainingResult) uninterrupted(dir.resolve("a"))[0]).history();
        Checkpoint c = new CheckpointStore(dir.resolve("a")).latest().orElseThrow();
        try (Model m = compile(CONFIG)) {
            TrainingResult r = new Trainer(TrainingListener.NONE).train(m, data(), CONFIG, null, c, "t");
            assertSameNumbers(r.history(), full);
            assertThat(r.resumedFromEpoch()).isEqualTo(CONFIG.epochs());
        }
    }

    @Test
    @DisplayName("a loss that stops being finite stops the run with the training-diverged anchor and no CLI flag")
    void diverges() {
        TrainConfig huge = new TrainConfig("linear", "synthetic", 0, 600, 200, 1, 32, Sgd.plain(1e300), 11);
        try (Model m = compile(huge)) {
            assertThatThrownBy(() -> new Trainer(TrainingListener.NONE).train(m, data(), huge, null, null, "t"))
                    .isInstanceOfSatisfying(ResnetSpiException.class,
                            e -> assertThat(e.anchor()).isEqualTo(ErrorAnchor.TRAINING_DIVERGED))
                    .hasMessageContaining("training diverged in epoch 1").hasMessageContaining("smaller learning rate")
                    .hasMessageEndingWith("(see docs/errors.md#training-diverged)").hasMessageNotContaining("--");
        }
    }

    @Test
    @DisplayName("a checkpoint that holds more epochs than requested is refused")
    void resumeBeyond() {
        uninterrupted(dir.resolve("a"));
        Checkpoint c = new CheckpointStore(dir.resolve("a")).latest().orElseThrow();
        TrainConfig fewer = CONFIG.withEpochs(CONFIG.epochs() - 1);
        try (Model m = compile(fewer)) {
            assertThatThrownBy(() -> new Trainer(TrainingListener.NONE).train(m, data(), fewer, null, c, "t"))
                    .hasMessageContaining("ask for more epochs").hasMessageNotContaining("--");
        }
    }

    @Test
    @DisplayName("a checkpoint without a tensor or momentum buffer, or with NaN weights, is refused before any training (items 1, 3)")
    void resumeIncomplete() {
        CheckpointStore good = new CheckpointStore(dir.resolve("good"));
        TrainConfig two = CONFIG.withEpochs(1);
        try (Model m = compile(two)) {
            new Trainer(TrainingListener.NONE).train(m, data(), two, good, null, "t");
        }
        Checkpoint c = good.latest().orElseThrow();
        assertThat(c.state().names()).containsExactly("fc.weight", "fc.bias", "fc.weight.momentum_buffer", "fc.bias.momentum_buffer");
        java.util.Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("", "lacks 4 of the 4 tensors the model needs (fc.weight, fc.bias, fc.weight.momentum_buffer, ...)");
        refusals.put("fc.bias", "lacks 1 of the 4 tensors the model needs (fc.bias)");
        refusals.put("fc.weight.momentum_buffer", "lacks 1 of the 4 tensors the model needs (fc.weight.momentum_buffer)");
        refusals.put("NaN", "tensor 'fc.weight' holds NaN (value 1 of 7840; 1 not finite)");
        int i = 0;
        for (java.util.Map.Entry<String, String> r : refusals.entrySet()) {
            CheckpointStore store = new CheckpointStore(dir.resolve("bad" + i++));
            NamedTensors state = switch (r.getKey()) {
                case "" -> NamedTensors.empty();
                case "NaN" -> c.state().with(NamedTensors.of(java.util.Map.of("fc.weight",
                        nanAt0(c.state().get("fc.weight")))));
                default -> c.state().filter(n -> !n.equals(r.getKey()));
            };
            store.write(1, state, CONFIG.identity(), c.history(), "t");
            Checkpoint bad = store.latest().orElseThrow();
            List<Integer> epochs = new java.util.ArrayList<>();
            TrainingListener seen = new TrainingListener() {
                @Override
                public void epochStarted(int epoch, int total, int batches) {
                    epochs.add(epoch);
                }
            };
            try (Model m = compile(CONFIG)) {
                assertThatThrownBy(() -> new Trainer(seen).train(m, data(), CONFIG, store, bad, "t"))
                        .isInstanceOf(CheckpointException.class).hasMessageContaining(r.getValue())
                        .hasMessageContaining("no older checkpoint is kept").hasMessageNotContaining("smaller --lr");
            }
            assertThat(epochs).as("epochs trained from a refused checkpoint").isEmpty();
        }
    }

    private static io.github.resnetspi.api.tensor.FloatTensor nanAt0(io.github.resnetspi.api.tensor.FloatTensor t) {
        float[] v = t.data();
        v[0] = Float.NaN;
        return io.github.resnetspi.api.tensor.FloatTensor.wrap(t.shape(), v);
    }

    static void assertSameNumbers(List<EpochMetrics> a, List<EpochMetrics> b) {
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).loss()).isEqualTo(b.get(i).loss());
            assertThat(a.get(i).trainAccuracy()).isEqualTo(b.get(i).trainAccuracy());
            assertThat(a.get(i).testAccuracy()).isEqualTo(b.get(i).testAccuracy());
            assertThat(a.get(i).learningRate()).isEqualTo(b.get(i).learningRate());
        }
    }
}
