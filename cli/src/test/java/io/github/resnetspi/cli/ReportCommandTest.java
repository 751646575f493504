package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.resnetspi.cli.cell.Cell;
import io.github.resnetspi.cli.cell.JsonFiles;
import io.github.resnetspi.cli.cell.RunResult;
import io.github.resnetspi.cli.compare.ComparisonDirectory;
import io.github.resnetspi.cli.compare.ComparisonPlan;
import io.github.resnetspi.cli.exec.ChildJvm;
import io.github.resnetspi.cli.cell.HostEnvironment;
import io.github.resnetspi.training.EpochMetrics;
import io.github.resnetspi.training.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("report: a comparison's report rebuilt from its files alone")
class ReportCommandTest {
    @TempDir
    Path dir;

    static final HostEnvironment HOST = new HostEnvironment("box", "AMD EPYC", 2, 23000, "OpenJDK 17", "Debian 12", null, null);

    static RunResult finished(String backend, long seed, double testAcc) {
        return RunResult.ok(backend, seed, "E", "1", "cpu", Map.of(), HOST, List.of(
                new EpochMetrics(1, 0.1, 1.0, 0.6, testAcc - 0.1, 100, 1, 1.5, 100, 1L << 20),
                new EpochMetrics(2, 0.1, 0.5, 0.8, testAcc, 100, 1, 1.5, 100, 1L << 20)), 100, "loss 0.500, ...", 5);
    }

    @Test
    @DisplayName("a partial matrix: finished, failed, interrupted, never started and unreadable cells each a row")
    void partialMatrix() throws Exception {
        TrainConfig cfg = Profile.SMOKE.config();
        ComparisonPlan plan = new ComparisonPlan(ComparisonPlan.FORMAT, "resnet-spi comparison: resnet-tiny on synthetic",
                "smoke", cfg, 1, 3, List.of("alpha", "beta"), "cpu", null, "local", List.of(), 1, 0.85,
                "resnet-spi compare --profile smoke --repeat 3", HOST);
        ComparisonDirectory cd = new ComparisonDirectory(dir);
        cd.writePlan(plan);
        JsonFiles.write(cd.cell(new Cell("alpha", 1)).result(), finished("alpha", 1, 0.90));
        JsonFiles.write(cd.cell(new Cell("alpha", 2)).result(), finished("alpha", 2, 0.91));
        cd.cell(new Cell("alpha", 3)).recordFailure("the child JVM was killed by signal 9 (SIGKILL, exit code 137)", 12);
        JsonFiles.write(cd.cell(new Cell("beta", 1)).result(), finished("beta", 1, 0.80));
        Files.createDirectories(cd.cell(new Cell("beta", 2)).checkpoints());
        Files.writeString(cd.cell(new Cell("beta", 2)).checkpoints().resolve("epoch-0001.safetensors"), "");
        Files.createDirectories(cd.cell(new Cell("beta", 3)).dir());
        Files.writeString(cd.cell(new Cell("beta", 3)).result(), "{\"backend\": \"beta\", trunc");

        Cli r = Cli.run("report", dir.toString(), "--target-accuracy", "0.8");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("alpha        test acc 0.9050 ± 0.0071 [0.9000–0.9100]").contains("runs 2/3 (1 failed)")
                .contains("report written to " + dir.resolve("report.md"));
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("| alpha | E 1 | cpu | 2/3 (1 failed) |").contains("| beta | E 1 | cpu | 1/3 (1 failed, 1 missing) |")
                .contains("| alpha | 3 | failed |").contains("killed by signal 9")
                .contains("| beta | 2 | missing |").contains("interrupted; its checkpoints are kept and compare --resume continues")
                .contains("| beta | 3 | failed |").contains("unreadable result file")
                .contains("> **Warning:** 1 of 6 cells have no result yet; 'resnet-spi compare --out " + dir + " --resume' runs them")
                .contains("not tested: needs at least 2 finished runs of each (has 2 and 1")
                .contains("seconds to test acc ≥ 0.80").contains("- command: `resnet-spi compare --profile smoke --repeat 3`")
                .contains("- model: `resnet-tiny`").contains("- seeds: `1–3 (3 runs per backend)`");
        assertThat(Files.readAllLines(dir.resolve("runs.csv"))).hasSize(7);
        // the plan keeps its own target; only this report counted to 0.8
        assertThat(cd.readPlan().orElseThrow().targetAccuracy()).isEqualTo(0.85);
    }

    /**
     * Writes a finished alpha cell of {@code seed} whose {@code field} is {@code value}: {@code status} at the top, any
     * other in the last epoch of its history.
     */
    private static void damaged(ComparisonDirectory cd, long seed, String field, JsonPrimitive value) throws Exception {
        Path file = cd.cell(new Cell("alpha", seed)).result();
        JsonFiles.write(file, finished("alpha", seed, 0.91));
        JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        JsonArray history = o.getAsJsonArray("history");
        (field.equals("status") ? o : history.get(history.size() - 1).getAsJsonObject()).add(field, value);
        Files.writeString(file, o.toString());
    }

    @Test
    @DisplayName("damaged cells (test acc 1.5, loss NaN, loss -5, not JSON, unknown status, wrong types, short history,"
            + " a FIFO): each a row saying what is wrong with which file, left out of the table; the rest is reported")
    void damagedCells() throws Exception {
        TrainConfig cfg = Profile.SMOKE.config();
        int seeds = 10;
        ComparisonPlan plan = new ComparisonPlan(ComparisonPlan.FORMAT, "resnet-spi comparison: resnet-tiny on synthetic",
                "smoke", cfg, 1, seeds, List.of("alpha"), "cpu", null, "local", List.of(), 1, 0.85,
                "resnet-spi compare --profile smoke --repeat " + seeds, HOST);
        ComparisonDirectory cd = new ComparisonDirectory(dir);
        cd.writePlan(plan);
        JsonFiles.write(cd.cell(new Cell("alpha", 1)).result(), finished("alpha", 1, 0.90));
        JsonFiles.write(cd.cell(new Cell("alpha", 2)).result(), finished("alpha", 2, 0.92));
        damaged(cd, 3, "testAccuracy", new JsonPrimitive(1.5));
        damaged(cd, 4, "loss", new JsonPrimitive(Double.NaN));
        damaged(cd, 5, "loss", new JsonPrimitive(-5));
        damaged(cd, 6, "status", new JsonPrimitive("bogus"));
        damaged(cd, 7, "loss", new JsonPrimitive("abc"));
        Path notJson = cd.cell(new Cell("alpha", 8)).result();
        Files.createDirectories(notJson.getParent());
        Files.writeString(notJson, "{\"backend\": \"alpha\", trunc");
        RunResult shortRun = finished("alpha", 9, 0.91);
        JsonFiles.write(cd.cell(new Cell("alpha", 9)).result(), RunResult.ok("alpha", 9, "E", "1", "cpu", Map.of(), HOST,
                shortRun.history().subList(0, 1), 100, "loss 0.500, ...", 5));
        Path fifo = cd.cell(new Cell("alpha", 10)).result();
        Files.createDirectories(fifo.getParent());
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).as("mkfifo (coreutils) makes the named pipe").isZero();

        Cli r = Cli.run("report", dir.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        // only seeds 1 and 2 are averaged: 0.91 ± 0.0141 [0.90–0.92], not 1.5 or a NaN
        assertThat(r.out()).contains("alpha        test acc 0.9100 ± 0.0141 [0.9000–0.9200]").contains("runs 2/10 (8 failed)");
        String md = Files.readString(dir.resolve("report.md"));
        String resume = "; its numbers are left out of the report, and compare --resume runs the cell again";
        assertThat(md).contains("result file " + cd.cell(new Cell("alpha", 3)).result()
                        + " is damaged: test accuracy 1.5 in epoch 2 is outside [0, 1]" + resume)
                .contains("result file " + cd.cell(new Cell("alpha", 4)).result()
                        + " is damaged: loss NaN in epoch 2 is not a finite number" + resume)
                .contains("result file " + cd.cell(new Cell("alpha", 5)).result()
                        + " is damaged: loss -5.0 in epoch 2 is negative" + resume)
                .contains("unreadable result file " + cd.cell(new Cell("alpha", 6)).result()
                        + ": cell status must be ok, failed or missing, got bogus; compare --resume runs the cell again")
                .contains("unreadable result file " + cd.cell(new Cell("alpha", 7)).result()
                        + ": a value has the wrong type: \"abc\" is not a number; compare --resume runs the cell again")
                .contains("unreadable result file " + notJson + ": it is not valid JSON (line 1, column ")
                .contains("result file " + cd.cell(new Cell("alpha", 9)).result()
                        + " is damaged: its history holds 1 epoch but the comparison trains 2" + resume)
                .contains("unreadable result file " + fifo + ": it is a named pipe (FIFO), not a regular file")
                .doesNotContain("Exception").doesNotContain("gson").doesNotContain("Failed to invoke constructor")
                .doesNotContain("1.5000").doesNotContain("NaN ±");
    }

    @Test
    @DisplayName("a directory without a comparison is refused with one line")
    void notAComparison() {
        Cli r = Cli.run("report", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo(ChildJvm.ERROR_PREFIX + dir + " holds no comparison (no comparison.json); "
                + "name the --out directory of a 'resnet-spi compare'");
    }
}
