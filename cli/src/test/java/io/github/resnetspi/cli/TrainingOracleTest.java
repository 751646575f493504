package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.train.LrSchedule;
import io.github.resnetspi.cli.args.Networks;
import io.github.resnetspi.cli.cell.JsonFiles;
import io.github.resnetspi.cli.cell.RunResult;
import io.github.resnetspi.cli.testing.Python;
import io.github.resnetspi.conformance.Tolerances;
import io.github.resnetspi.training.EpochMetrics;
import io.github.resnetspi.training.TrainConfig;
import io.github.resnetspi.training.data.DataLocator;
import io.github.resnetspi.training.data.Dataset;
import io.github.resnetspi.training.data.Datasets;
import io.github.resnetspi.training.data.TrainTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code train}'s per-epoch figures against an independent implementation of the training loop,
 * {@code src/test/python/training_oracle.py} (PyTorch float64, written from docs/semantics.md "The training loop"):
 * the same initial state (the backend's own fresh model, exported), the same raw examples, and the documented data
 * order and schedule re-implemented there. resnet-tiny (batch norm in the stem, both blocks and the projection) on
 * 330 synthetic training examples in batches of 32 (a short last batch of 10) and 90 test examples (a remainder of
 * 26), two epochs with momentum, weight decay and a warm-up-and-decay schedule that changes the rate every step.
 * The test accuracy moves from 0.17 to 0.62 between the epochs, so evaluating in train mode, before the epoch or
 * without the remainder changes it.
 */
@DisplayName("train's per-epoch figures equal an independent PyTorch float64 training loop's")
class TrainingOracleTest {
    private static final List<String> RUN = List.of("--model", "resnet-tiny", "--dataset", "synthetic",
            "--limit-train", "330", "--limit-test", "90", "--batch-size", "32", "--epochs", "2", "--lr", "0.3",
            "--momentum", "0.9", "--weight-decay", "5e-4", "--lr-warmup", "0.5", "--seed", "7");
    /** Both sides compute in float64, in the same order of operations where it matters (the schedule, the sums). */
    private static final double REFERENCE_TOLERANCE = 1e-9;
    private static final Path DIR = Path.of("target", "training-oracle");

    private static String torch;

    @BeforeAll
    static void requireTorch() throws Exception {
        torch = Python.require("torch", "python3-torch", "the training-loop oracle (src/test/python/training_oracle.py)");
        Files.createDirectories(DIR);
    }

    @Test
    @DisplayName("reference: loss, train and test accuracy, learning rate and examples seen of both epochs to 1e-9, and "
            + "the epoch lines it printed")
    void referenceEqualsOracle() throws Exception {
        Comparison c = compare("reference");
        c.requireWithin(REFERENCE_TOLERANCE, REFERENCE_TOLERANCE);
        c.requirePrintedLines();
    }

    /**
     * A float32 engine follows the float64 loop as the kit's loss curve does ({@link Tolerances#LOSS_CURVE}, absolute):
     * the loss and the accuracies to it (one of the 90 test examples flipping is 0.011, two are not tolerated); the
     * learning rate and the examples seen exactly.
     */
    @Test
    @DisplayName("tensorflow: the same figures to the kit's loss-curve tolerance (learning rate and examples exactly)")
    void engineFollowsOracle() throws Exception {
        Comparison c = compare("tensorflow");
        c.requireWithin(Tolerances.LOSS_CURVE, REFERENCE_TOLERANCE);
    }

    /** Trains on {@code backend} with {@code train --result-json}, then the oracle from the same start. */
    private static Comparison compare(String backend) throws Exception {
        Path result = DIR.resolve(backend + "-result.json");
        Files.deleteIfExists(result);
        List<String> args = new ArrayList<>(List.of("train", "--backend", backend, "--result-json", result.toString()));
        args.addAll(RUN);
        Cli train = Cli.run(args.toArray(String[]::new));
        System.out.println("---- train --backend " + backend + "\n" + train.out() + train.err());
        assertThat(train.code()).as(train.out() + train.err()).isZero();
        List<EpochMetrics> printed = JsonFiles.read(result, RunResult.class).history();

        TrainConfig cfg = TrainOptions.fromArgs(RUN);
        Path in = DIR.resolve(backend + "-oracle-in.json");
        Path out = DIR.resolve(backend + "-oracle-out.json");
        Files.writeString(in, new Gson().toJson(oracleInput(backend, cfg)), StandardCharsets.UTF_8);
        Python.run("training_oracle.py", in.toString(), out.toString());
        JsonArray oracle = JsonParser.parseString(Files.readString(out)).getAsJsonObject().getAsJsonArray("epochs");
        return new Comparison(backend, train.out(), printed, oracle);
    }

    /** The run's settings, the backend's fresh model's state, and the raw examples, as the oracle reads them. */
    private static JsonObject oracleInput(String backend, TrainConfig cfg) {
        JsonObject config = new JsonObject();
        config.addProperty("epochs", cfg.epochs());
        config.addProperty("batchSize", cfg.batchSize());
        config.addProperty("lr", cfg.sgd().learningRate());
        config.addProperty("momentum", cfg.sgd().momentum());
        config.addProperty("weightDecay", cfg.sgd().weightDecay());
        config.addProperty("seed", cfg.seed());
        LrSchedule.WarmupLinear w = (LrSchedule.WarmupLinear) cfg.sgd().schedule();
        JsonObject schedule = new JsonObject();
        schedule.addProperty("kind", "warmup-linear");
        schedule.addProperty("warmup", w.warmupEpochs());
        schedule.addProperty("total", w.totalEpochs());
        config.add("schedule", schedule);

        Network net = Networks.of(cfg);
        Backend provider = BackendArgument.select(backend);
        JsonObject state = new JsonObject();
        try (Model m = provider.compile(net, CompileOptions.defaults().withSeed(cfg.seed()).withOptimizer(cfg.sgd()))) {
            for (Map.Entry<String, FloatTensor> e : m.exportState().asMap().entrySet()) {
                if (e.getKey().endsWith(".momentum_buffer")) {
                    continue; // zero at the start
                }
                JsonObject t = new JsonObject();
                t.add("shape", new Gson().toJsonTree(e.getValue().shape().dims()));
                JsonArray values = new JsonArray();
                for (int i = 0; i < e.getValue().size(); i++) {
                    values.add((double) e.getValue().get(i));
                }
                t.add("values", values);
                state.add(e.getKey(), t);
            }
        }
        TrainTest data = Datasets.load(cfg.dataset(), DataLocator.standard(null), cfg.seed())
                .limit(cfg.limitTrain(), cfg.limitTest());
        JsonObject run = new JsonObject();
        run.add("config", config);
        run.add("shape", new Gson().toJsonTree(new int[] {data.train().channels(), data.train().height(), data.train().width()}));
        run.add("state", state);
        run.add("train", examples(data.train()));
        run.add("test", examples(data.test()));
        return run;
    }

    private static JsonObject examples(Dataset d) {
        JsonArray examples = new JsonArray();
        JsonArray labels = new JsonArray();
        for (int i = 0; i < d.size(); i++) {
            JsonArray bytes = new JsonArray();
            for (byte b : d.example(i)) {
                bytes.add(b & 0xFF);
            }
            examples.add(bytes);
            labels.add(d.label(i));
        }
        JsonObject o = new JsonObject();
        o.add("examples", examples);
        o.add("labels", labels);
        return o;
    }

    /** The figures {@code train} reported next to the oracle's, epoch by epoch. */
    private record Comparison(String backend, String output, List<EpochMetrics> printed, JsonArray oracle) {
        /** The epoch lines train printed show the oracle's figures (as rounded there). */
        void requirePrintedLines() {
            for (JsonElement e : oracle) {
                JsonObject o = e.getAsJsonObject();
                assertThat(output).contains(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f, train acc %.4f, test acc %.4f,",
                        o.get("epoch").getAsInt(), oracle.size(), o.get("loss").getAsDouble(),
                        o.get("trainAccuracy").getAsDouble(), o.get("testAccuracy").getAsDouble()));
            }
        }

        /**
         * Fails listing every figure off by more than {@code tolerance} (loss and accuracies) or {@code exact} (the
         * learning rate and the examples seen, which no rounding touches); prints the largest differences either way.
         */
        void requireWithin(double tolerance, double exact) {
            assertThat(printed).as("epochs train reported").hasSize(oracle.size());
            List<String> off = new ArrayList<>();
            StringBuilder table = new StringBuilder("| epoch | figure | train --backend " + backend + " | oracle (PyTorch "
                    + torch + ") | |difference| |\n|---|---|---|---|---|\n");
            for (int e = 0; e < oracle.size(); e++) {
                EpochMetrics m = printed.get(e);
                JsonObject o = oracle.get(e).getAsJsonObject();
                assertThat(m.epoch()).isEqualTo(o.get("epoch").getAsInt());
                check(m, o, "learningRate", EpochMetrics::learningRate, exact, off, table);
                check(m, o, "loss", EpochMetrics::loss, tolerance, off, table);
                check(m, o, "trainAccuracy", EpochMetrics::trainAccuracy, tolerance, off, table);
                check(m, o, "testAccuracy", EpochMetrics::testAccuracy, tolerance, off, table);
                check(m, o, "trainExamples", x -> x.trainExamples(), exact, off, table);
            }
            System.out.println("train --backend " + backend + " against the training-loop oracle:\n" + table);
            assertThat(off).as("figures of train --backend %s that differ from the independent training loop's "
                    + "(src/test/python/training_oracle.py, docs/semantics.md \"The training loop\")", backend).isEmpty();
        }

        private static void check(EpochMetrics m, JsonObject oracle, String figure, ToDoubleFunction<EpochMetrics> get,
                                  double tolerance, List<String> off, StringBuilder table) {
            double ours = get.applyAsDouble(m);
            JsonElement want = oracle.get(figure);
            double theirs = want.getAsDouble();
            double diff = Math.abs(ours - theirs);
            table.append(String.format(Locale.ROOT, "| %d | %s | %.17g | %.17g | %.2e |%n", m.epoch(), figure, ours, theirs, diff));
            if (!(diff <= tolerance)) {
                off.add(String.format(Locale.ROOT, "epoch %d %s: train reported %.17g, the oracle %.17g (difference %.3e, "
                        + "tolerance %.0e)", m.epoch(), figure, ours, theirs, diff, tolerance));
            }
        }
    }
}
