package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.init.Initializer;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.cli.args.Networks;
import io.github.resnetspi.cli.inference.InferenceReportWriter;
import io.github.resnetspi.cli.inference.Percentiles;
import io.github.resnetspi.cli.testing.SkewedBackend;
import io.github.resnetspi.conformance.Compare;
import io.github.resnetspi.conformance.TestData;
import io.github.resnetspi.conformance.Tolerances;
import io.github.resnetspi.reference.ReferenceProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("compare --task inference, end to end: child JVMs, native PyTorch, the report recomputed from the cells")
class InferenceCompareTest {
    private static final List<String> SIDES = List.of("reference", "tensorflow", "pytorch-native");

    @TempDir
    Path dir;

    @Test
    @DisplayName("reference, tensorflow and native PyTorch on d2l-resnet18 at 28x28: every column recomputed from the rounds' files")
    void tinyComparison() throws Exception {
        Path out = dir.resolve("inference");
        Cli r = Cli.run("compare", "--task", "inference", "--backends", "reference,tensorflow", "--runs", "3",
                "--warmup", "1", "--throughput-batch", "2", "--throughput-runs", "1", "--rounds", "2", "--threads", "1",
                "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("[tensorflow round 2] starting").contains("[pytorch-native round 1] starting")
                .contains("report written to");
        // the order rotates: reference starts round 1, tensorflow round 2
        assertThat(r.out().indexOf("[reference round 1]")).isLessThan(r.out().indexOf("[tensorflow round 1]"));
        assertThat(r.out().indexOf("[tensorflow round 2]")).isLessThan(r.out().indexOf("[reference round 2]"));

        // the oracle: the float64 reference's logits of the same images, from the same seeded initial state
        Network net = Networks.of("d2l-resnet18", "fashion-mnist", 0);
        FloatTensor expected;
        try (Model m = new ReferenceProvider().compile(net, CompileOptions.defaults())) {
            m.importState(Initializer.initialize(net, 1));
            expected = m.forward(TestData.images(net, 2, 1), Mode.EVAL);
        }

        Map<String, String[]> csv = csv(out);
        assertThat(csv.keySet()).containsExactlyElementsOf(SIDES);
        Map<String, double[]> figures = new HashMap<>();
        for (String side : SIDES) {
            List<Double> pooled = new ArrayList<>();
            List<Double> throughputs = new ArrayList<>();
            double agreement = 0;
            for (int round = 1; round <= 2; round++) {
                JsonObject cell = json(out.resolve("cells").resolve(side).resolve("round-" + round + ".json"));
                assertThat(cell.get("error").isJsonNull()).as(side + " round " + round).isTrue();
                JsonArray lat = cell.getAsJsonArray("latenciesMs");
                assertThat(lat.size()).isEqualTo(3);
                lat.forEach(v -> pooled.add(v.getAsDouble()));
                throughputs.add(cell.get("throughputImagesPerSecond").getAsDouble());
                JsonArray logits = cell.getAsJsonArray("logits");
                float[] l = new float[logits.size()];
                for (int i = 0; i < l.length; i++) {
                    l[i] = logits.get(i).getAsFloat();
                }
                agreement = Math.max(agreement, Compare.diff(side, FloatTensor.of(expected.shape(), l), expected, 0).error());
            }
            double[] all = pooled.stream().mapToDouble(Double::doubleValue).toArray();
            double[] tps = throughputs.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(tps);
            double[] f = {Percentiles.nearestRank(all, 50), Percentiles.nearestRank(all, 90),
                    Percentiles.nearestRank(all, 99), tps[0]}; // nearest-rank median of two: the smaller
            figures.put(side, f);
            String[] row = csv.get(side);
            assertThat(row[1]).as(side).isEqualTo("ok");
            assertThat(Double.parseDouble(row[6])).as(side + " agreement").isCloseTo(agreement, within(agreement * 0.01 + 1e-12))
                    .isLessThanOrEqualTo(Tolerances.PRESET_FORWARD);
            assertThat(row[7]).isEqualTo("6");
            assertThat(Double.parseDouble(row[8])).as(side + " p50").isCloseTo(f[0], within(1e-4));
            assertThat(Double.parseDouble(row[9])).as(side + " p90").isCloseTo(f[1], within(1e-4));
            assertThat(Double.parseDouble(row[10])).as(side + " p99").isCloseTo(f[2], within(1e-4));
            assertThat(Double.parseDouble(row[11])).as(side + " throughput").isCloseTo(f[3], within(0.01));
        }
        double[] nat = figures.get("pytorch-native");
        for (String side : List.of("reference", "tensorflow")) {
            String[] row = csv.get(side);
            double[] f = figures.get(side);
            assertThat(Double.parseDouble(row[12])).as(side + " p50 vs native").isCloseTo(nat[0] / f[0], within(1e-3 + 1e-3 * nat[0] / f[0]));
            assertThat(Double.parseDouble(row[13])).as(side + " p99 vs native").isCloseTo(nat[2] / f[2], within(1e-3 + 1e-3 * nat[2] / f[2]));
            assertThat(Double.parseDouble(row[14])).as(side + " throughput vs native").isCloseTo(f[3] / nat[3], within(1e-3 + 1e-3 * f[3] / nat[3]));
        }
        assertThat(csv.get("pytorch-native")[12]).isEmpty();

        String md = Files.readString(out.resolve(InferenceReportWriter.REPORT));
        assertThat(md).contains("Logits: 3 of 3 measured sides agree with the float64 reference within the conformance kit's"
                        + " forward tolerance (1e-03")
                .contains("| side | status | p50 ms | p90 ms | p99 ms | images/s (batch 2) | × native p50 |")
                .contains("## Environment").contains("- CPU: ").contains("**pytorch-native**: PyTorch (native")
                .contains("**tensorflow**: ").contains("![batch-1 latency](latency.png)");
        byte[] png = Files.readAllBytes(out.resolve(InferenceReportWriter.CHART));
        assertThat(Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');
        JsonObject results = json(out.resolve(InferenceReportWriter.RESULTS));
        assertThat(results.getAsJsonObject("settings").get("runs").getAsInt()).isEqualTo(3);
        assertThat(results.getAsJsonArray("rows")).hasSize(3);
    }

    @Test
    @DisplayName("a backend whose logits are 1 % off is flagged, not ranked, and the command exits 1; a preset without a PyTorch original is a failed native row")
    void disagreeingBackend() throws Exception {
        Path out = dir.resolve("skewed");
        Cli r = Cli.run("compare", "--task", "inference", "--backends", SkewedBackend.NAME + ",reference", "--model",
                "resnet-tiny", "--runs", "2", "--warmup", "0", "--throughput-batch", "1", "--throughput-runs", "1",
                "--rounds", "1", "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains(SkewedBackend.NAME).contains("(DISAGREES: not ranked)");
        Map<String, String[]> csv = csv(out);
        String[] skewed = csv.get(SkewedBackend.NAME);
        assertThat(skewed[1]).isEqualTo("disagrees");
        assertThat(Double.parseDouble(skewed[6])).isCloseTo(0.01, within(1e-4));
        assertThat(skewed[15]).contains("differ from the float64 reference's by 1.000e-02").contains("not ranked");
        assertThat(csv.get("reference")[1]).isEqualTo("ok");
        assertThat(csv.get("pytorch-native")[1]).isEqualTo("failed");
        assertThat(csv.get("pytorch-native")[15]).contains("model resnet-tiny has no PyTorch original here");
        assertThat(Files.readString(out.resolve(InferenceReportWriter.REPORT)))
                .contains("Logits: 1 of 2 measured sides agree").contains("**A side that disagrees is not ranked.**");
    }

    @Test
    @DisplayName("bad input: one line each, exit code 2, nothing run")
    void badInput() {
        String out = dir.resolve("bad").toString();
        assertRefused("--runs must be a positive whole number, got 0", "--task", "inference", "--runs", "0", "--out", out);
        assertRefused("--throughput-batch must be a positive whole number, got 0", "--task", "inference",
                "--throughput-batch", "0", "--out", out);
        assertRefused("--rounds must be a positive whole number, got 0", "--task", "inference", "--rounds", "0", "--out", out);
        assertRefused("--warmup must be zero or a positive whole number, got -1", "--task", "inference", "--warmup", "-1",
                "--out", out);
        assertRefused("unknown backend 'nope' in --backends; found: ", "--task", "inference", "--backends", "nope",
                "--out", out);
        assertRefused("--epochs is an option of --task train; --task inference takes --backends", "--task", "inference",
                "--epochs", "2", "--out", out);
        assertRefused("--runs is an option of --task inference; add --task inference or leave --runs out", "--runs", "5",
                "--out", out);
        assertRefused("unknown --task 'infer'; use train (the default) or inference", "--task", "infer", "--out", out);
        assertRefused("unknown model 'nope'; known models: ", "--task", "inference", "--model", "nope", "--out", out);
        assertRefused("a batch of --throughput-batch 100000000 at 1x28x28 holds 78400000000 values", "--task", "inference",
                "--throughput-batch", "100000000", "--out", out);
        assertRefused("--names describes --weights FILE", "--task", "inference", "--names", "d2l", "--out", out);
        assertThat(dir.resolve("bad")).doesNotExist();
    }

    private static void assertRefused(String message, String... args) {
        List<String> a = new ArrayList<>(List.of("compare"));
        a.addAll(List.of(args));
        Cli r = Cli.run(a.toArray(String[]::new));
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains(message).doesNotContain("Exception");
    }

    private static Map<String, String[]> csv(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve(InferenceReportWriter.CSV));
        assertThat(lines.get(0)).isEqualTo(InferenceReportWriter.CSV_HEADER);
        Map<String, String[]> rows = new java.util.LinkedHashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = fields(l);
            assertThat(f).as(l).hasSize(16);
            rows.put(f[0], f);
        }
        return rows;
    }

    /** The fields of one CSV line (RFC 4180: a quoted field may hold commas and doubled quotes). */
    private static String[] fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                f.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out.toArray(String[]::new);
    }

    private static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }
}
