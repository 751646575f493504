package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.resnetspi.cli.cell.Cell;
import io.github.resnetspi.cli.cell.JsonFiles;
import io.github.resnetspi.cli.cell.RunResult;
import io.github.resnetspi.cli.compare.ComparisonDirectory;
import io.github.resnetspi.cli.compare.ComparisonPlan;
import io.github.resnetspi.cli.report.ComparisonReport;
import io.github.resnetspi.cli.cell.HostEnvironment;
import io.github.resnetspi.cli.report.Summary;
import io.github.resnetspi.cli.report.WelchTest;
import io.github.resnetspi.cli.testing.Python;
import io.github.resnetspi.training.EpochMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison report's numbers against an independent computation, {@code src/test/python/report_oracle.py}:
 * its statistics against SciPy on many random samples of unequal sizes and spreads, and every column of the files
 * {@code report} writes against the cell files they came from (values drawn so that no two columns agree).
 */
@DisplayName("the report's statistics and columns equal SciPy's and the cell files'")
class ReportOracleTest {
    private static final HostEnvironment HOST = new HostEnvironment("box", "AMD EPYC", 2, 23000, "OpenJDK 17", "Debian 12",
            null, null);
    private static final Gson GSON = new Gson();

    @TempDir
    Path dir;

    @BeforeAll
    static void requireScipy() throws Exception {
        Python.require("scipy", "python3-scipy", "the report's statistics check (src/test/python/report_oracle.py)");
    }

    @Test
    @DisplayName("mean, sd, range, median, Welch's t, df, p and critical value, and seconds to target: 500 random cases")
    void statisticsAgreeWithScipy() throws Exception {
        Random rnd = new Random(20261207);
        JsonArray welch = new JsonArray();
        for (int i = 0; i < 500; i++) {
            double[] a = sample(rnd, 2 + rnd.nextInt(11));
            double[] b = sample(rnd, 2 + rnd.nextInt(11));
            Summary sa = Summary.of(a);
            Summary sb = Summary.of(b);
            JsonObject java = new JsonObject();
            java.add("a", GSON.toJsonTree(sa));
            java.add("b", GSON.toJsonTree(sb));
            java.add("welch", GSON.toJsonTree(WelchTest.of(sa, sb, ComparisonReport.ALPHA)));
            JsonObject c = new JsonObject();
            c.add("a", GSON.toJsonTree(a));
            c.add("b", GSON.toJsonTree(b));
            c.add("java", java);
            welch.add(c);
        }
        JsonArray target = new JsonArray();
        for (int i = 0; i < 300; i++) {
            RunResult r = run(rnd, "x", 1, 1 + rnd.nextInt(6));
            double goal = 0.5 + 0.5 * rnd.nextDouble();
            OptionalDouble s = r.secondsToAccuracy(goal);
            JsonObject c = new JsonObject();
            c.add("history", GSON.toJsonTree(r.history()));
            c.addProperty("target", goal);
            c.add("java", s.isPresent() ? GSON.toJsonTree(s.getAsDouble()) : null);
            target.add(c);
        }
        JsonObject cases = new JsonObject();
        cases.addProperty("alpha", ComparisonReport.ALPHA);
        cases.add("welch", welch);
        cases.add("target", target);
        Path in = dir.resolve("statistics.json");
        Files.writeString(in, GSON.toJson(cases), StandardCharsets.UTF_8);
        System.out.println(Python.run("report_oracle.py", "statistics", in.toString()));
    }

    /** The comparison's length: every finished cell's history holds this many epochs, as the report requires. */
    private static final int EPOCHS = 4;

    @Test
    @DisplayName("every column of results.csv, runs.csv, epochs.csv and results.json equals the cell files' figures")
    void columnsMatchTheCells() throws Exception {
        Random rnd = new Random(7);
        List<String> backends = List.of("alpha", "beta");
        ComparisonPlan plan = new ComparisonPlan(ComparisonPlan.FORMAT, "resnet-spi comparison: resnet-tiny on synthetic",
                "smoke", Profile.SMOKE.config().withEpochs(EPOCHS), 1, 4, backends, "cpu", null, "local", List.of(), 1,
                0.85, "resnet-spi compare --profile smoke --repeat 4", HOST);
        ComparisonDirectory cd = new ComparisonDirectory(dir);
        cd.writePlan(plan);
        for (String b : backends) {
            for (int seed = 1; seed <= 4; seed++) {
                if (b.equals("beta") && seed == 3) {
                    cd.cell(new Cell(b, seed)).recordFailure("the child JVM was killed by signal 9 (SIGKILL, exit code 137)", 12.5);
                } else {
                    JsonFiles.write(cd.cell(new Cell(b, seed)).result(), run(rnd, b, seed, EPOCHS));
                }
            }
        }
        Cli r = Cli.run("report", dir.toString(), "--target-accuracy", "0.8");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        System.out.println(Python.run("report_oracle.py", "columns", dir.toString()));
    }

    /**
     * {@code n} values around a random mean with a random spread (1e-4 to 1e-1, so Welch's two sides differ in both
     * size and variance).
     */
    private static double[] sample(Random rnd, int n) {
        double mean = 0.5 + 0.45 * rnd.nextDouble();
        double sd = Math.pow(10, -4 + 3 * rnd.nextDouble());
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + sd * rnd.nextGaussian();
        }
        return v;
    }

    /**
     * A finished cell whose every figure comes from its own range, so no two columns can be swapped unnoticed: loss
     * 1–2, train accuracy 0.3–0.55, test accuracy 0.6–0.95, learning rate 0.01–0.1, seconds and throughputs apart.
     */
    private static RunResult run(Random rnd, String backend, long seed, int epochs) {
        List<EpochMetrics> h = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            double train = 2 + 3 * rnd.nextDouble();
            h.add(new EpochMetrics(e, 0.01 + 0.09 * rnd.nextDouble(), 1 + rnd.nextDouble(), 0.3 + 0.25 * rnd.nextDouble(),
                    0.6 + 0.35 * rnd.nextDouble(), 1000 + rnd.nextInt(100), train, train + 0.5 + rnd.nextDouble(),
                    200 + 800 * rnd.nextDouble(), (200L << 20) + rnd.nextInt(1 << 30)));
        }
        return RunResult.ok(backend, seed, "Engine", "1.0", "cpu", Map.of("threads", "2"), HOST, h, 100 + 900 * rnd.nextDouble(),
                "loss ...", 30 + 60 * rnd.nextDouble());
    }
}
