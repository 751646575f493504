package io.github.resnetspi.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetspi.cli.cell.HostEnvironment;
import io.github.resnetspi.cli.cell.RunResult;
import io.github.resnetspi.training.EpochMetrics;
import io.github.resnetspi.training.RunDirectoryException;
import java.awt.image.BufferedImage;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Comparison report writer")
class ReportWriterTest {
    @TempDir
    Path dir;

    static final HostEnvironment HOST = new HostEnvironment("box", "AMD EPYC", 2, 23000, "OpenJDK 17", "Debian 12", null, null);

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** A finished two-epoch run: epoch 1 at {@code acc1}, epoch 2 at {@code acc2} test accuracy, 10 s + 8 s. */
    static RunResult run(String backend, long seed, double loss, double acc1, double acc2, double eps) {
        return RunResult.ok(backend, seed, "Engine-" + backend, "1.0", "cpu", Map.of("threads", "2 (default)"), HOST,
                List.of(new EpochMetrics(1, 0.05, loss * 2, acc1 - 0.05, acc1, 1000, 9.0, 10.0, eps * 0.8, 512L << 20),
                        new EpochMetrics(2, 0.005, loss, acc2 - 0.01, acc2, 1000, 7.0, 8.0, eps, 600L << 20)),
                eps, String.format(java.util.Locale.ROOT, "loss %.3f, train acc %.3f, test acc %.3f, %.1f examples/sec on cpu",
                        loss, acc2 - 0.01, acc2, eps), 30);
    }

    /** alpha: 3 runs clearly above beta's 3; gamma: one run failed, one missing. */
    static ComparisonReport report() {
        List<RunResult> runs = new ArrayList<>(List.of(
                run("alpha", 1, 0.40, 0.80, 0.900, 100), run("alpha", 2, 0.41, 0.81, 0.910, 110), run("alpha", 3, 0.42, 0.84, 0.905, 120),
                run("beta", 1, 0.50, 0.70, 0.850, 50), run("beta", 2, 0.51, 0.71, 0.860, 55), run("beta", 3, 0.52, 0.72, 0.855, 60),
                RunResult.failed("gamma", 1, "backend 'gamma' is not available: natives, missing", 2),
                RunResult.missing("gamma", 2, "not run"), run("gamma", 3, 0.45, 0.86, 0.880, 70)));
        Map<String, String> s = new LinkedHashMap<>();
        s.put("profile", "quick");
        s.put("model", "d2l-resnet18");
        return new ComparisonReport("test comparison", s, List.of("alpha", "beta", "gamma"), runs, 0.85,
                ComparisonReport.ALPHA, List.of("a warning about the figures"), HOST);
    }

    @Test
    @DisplayName("writes every report file; one row per backend with mean ± sd [range]; a verdict per pair; every cell a row")
    void writesEverything() throws Exception {
        List<Path> files = ReportWriter.write(report(), dir);
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactlyElementsOf(ReportWriter.FILES);

        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("- model: `d2l-resnet18`").contains("> **Warning:** a warning about the figures")
                // alpha: test acc 0.900, 0.910, 0.905 → mean 0.9050, sd 0.0050; examples/s 100, 110, 120 → 110 ± 10
                .contains("| alpha | Engine-alpha 1.0 | cpu | 3/3 | 0.4100 ± 0.0100 [0.4000–0.4200] | 0.8950 ± 0.0050 [0.8900–0.9000] "
                        + "| 0.9050 ± 0.0050 [0.9000–0.9100] | 110.0 ± 10.0 [100.0–120.0] | 110.0 [100.0–120.0] | 88.0 [80.0–96.0] "
                        + "| 18.0 ± 0.0 [18.0–18.0] | 600 |")
                // gamma: one finished run shows its values alone; it reached 0.85 in epoch 1 (10 s)
                .contains("| gamma | Engine-gamma 1.0 | cpu | 1/3 (1 failed, 1 missing) | 0.4500 | 0.8700 | 0.8800 | 70.0 | 70.0 | 56.0 | 10.0 | 600 |")
                .contains("## Differences between backends").contains("Welch's two-sided t-test")
                .contains("| alpha − beta | +0.0500 |").contains("differs beyond seed noise: alpha is higher by 0.0500")
                .contains("| alpha − gamma |").contains("not tested: needs at least 2 finished runs of each (has 3 and 1")
                .contains("![test accuracy against training time](time-to-accuracy.png)")
                .contains("- CPU: AMD EPYC, 2 processors available to the JVM").contains("  - threads: `2 (default)`")
                .contains("| gamma | 1 | failed |").contains("backend 'gamma' is not available: natives, missing")
                .contains("| gamma | 2 | missing |").contains("not run")
                .contains("### alpha seed 2");
        // beta never reached 0.85 before epoch 2; the time is the summed epoch times to then (10 + 8 s)
        assertThat(md).containsPattern("\\| beta \\| Engine-beta 1\\.0 \\| cpu \\| 3/3 \\|.*\\| 18\\.0 ± 0\\.0 \\[18\\.0–18\\.0\\] \\| 600 \\|");

        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertThat(csv).hasSize(4);
        assertThat(csv.get(0)).startsWith("backend,engine,engine_version,device,runs_planned,runs_finished,runs_failed,"
                + "final_loss_mean,final_loss_sd,final_loss_min,final_loss_max,");
        assertThat(csv.get(1)).startsWith("alpha,Engine-alpha,1.0,cpu,3,3,0,0.4100,0.0100,0.4000,0.4200,0.8950,0.0050,0.8900,0.9000,"
                + "0.9050,0.0050,0.9000,0.9100,110.0,10.0,100.0,120.0,88.0,110.0,100.0,120.0,9.00,0.85,18.0,18.0,18.0,3,600");
        assertThat(csv.get(3)).startsWith("gamma,Engine-gamma,1.0,cpu,3,1,1,0.4500,,0.4500,0.4500,");
        assertThat(Files.readAllLines(dir.resolve("runs.csv"))).hasSize(10)
                .contains("gamma,1,failed,,,,0,,,,,,,2.0,,\"backend 'gamma' is not available: natives, missing\"")
                .contains("gamma,2,missing,,,,0,,,,,,,,,not run");
        assertThat(Files.readAllLines(dir.resolve("epochs.csv"))).hasSize(1 + 7 * 2)
                .contains("alpha,1,2,0.005,0.40000,0.89000,0.90000,7.000,8.000,18.000,100.0,600");

        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("results.json"))).getAsJsonObject();
        JsonArray backends = json.getAsJsonArray("backends");
        assertThat(backends).hasSize(3);
        assertThat(backends.get(0).getAsJsonObject().getAsJsonObject("testAccuracy").get("mean").getAsDouble()).isEqualTo(0.905, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(backends.get(2).getAsJsonObject().getAsJsonObject("testAccuracy").get("sd").getAsDouble()).isZero();
        JsonArray diffs = json.getAsJsonArray("differences");
        assertThat(diffs).hasSize(3);
        assertThat(diffs.get(0).getAsJsonObject().getAsJsonObject("test").get("p").getAsDouble()).isLessThan(0.05);
        assertThat(diffs.get(1).getAsJsonObject().get("test").isJsonNull()).isTrue();
        assertThat(json.getAsJsonArray("runs")).hasSize(9);
        assertThat(json.getAsJsonObject("host").get("cpu").getAsString()).isEqualTo("AMD EPYC");

        for (String png : List.of("loss.png", "accuracy.png", "time-to-accuracy.png")) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertThat(img).as(png).isNotNull();
            assertThat(img.getWidth()).isEqualTo(Charts.WIDTH);
            assertThat(img.getHeight()).isEqualTo(Charts.HEIGHT);
        }
        assertThat(staging()).isEmpty();
    }

    @Test
    @DisplayName("charts and report are still written when every cell failed")
    void allFailed() throws Exception {
        ReportWriter.write(new ComparisonReport("x", Map.of(), List.of("a"), List.of(RunResult.failed("a", 1, "boom", 1)),
                0.85, 0.05, List.of(), null), dir);
        assertThat(ImageIO.read(dir.resolve("loss.png").toFile())).isNotNull();
        assertThat(ImageIO.read(dir.resolve("time-to-accuracy.png").toFile())).isNotNull();
        assertThat(Files.readString(dir.resolve("report.md"))).contains("| a | 1 | failed |").contains("boom")
                .contains("| a |  |  | 0/1 (1 failed) | n/a |");
    }

    @Test
    @DisplayName("a disk that fills up while the report is written leaves the previous report whole, and no partial file")
    void diskFull() throws Exception {
        ReportWriter.write(report(), dir);
        Map<String, byte[]> before = new LinkedHashMap<>();
        for (String f : ReportWriter.FILES) {
            before.put(f, Files.readAllBytes(dir.resolve(f)));
        }
        ComparisonReport other = new ComparisonReport("another comparison", Map.of(), List.of("alpha"),
                List.of(run("alpha", 1, 0.3, 0.9, 0.95, 10)), 0.85, 0.05, List.of(), HOST);
        // the third file written (its charts come after the tables) runs out of space after 100 bytes
        ReportWriter.FileSink full = file -> file.getFileName().toString().equals("runs.csv")
                ? new FullDisk(Files.newOutputStream(file), 100) : Files.newOutputStream(file);
        assertThatThrownBy(() -> ReportWriter.write(other, dir, full)).isInstanceOf(RunDirectoryException.class)
                .hasMessageContaining("could not write the report into " + dir + " (no space left on " + dir + ": free some space"
                        + " there, or choose a directory on another disk)")
                .hasMessageContaining("is unchanged").hasMessageContaining("'resnet-spi report " + dir + "'")
                .hasMessageContaining("docs/errors.md#run-directory");
        for (String f : ReportWriter.FILES) {
            assertThat(Files.readAllBytes(dir.resolve(f))).as(f).isEqualTo(before.get(f));
        }
        assertThat(staging()).isEmpty();

        // and the same for a chart, written after every table
        ReportWriter.FileSink fullAtChart = file -> file.getFileName().toString().equals("accuracy.png")
                ? new FullDisk(Files.newOutputStream(file), 4096) : Files.newOutputStream(file);
        assertThatThrownBy(() -> ReportWriter.write(other, dir, fullAtChart)).isInstanceOf(RunDirectoryException.class);
        for (String f : ReportWriter.FILES) {
            assertThat(Files.readAllBytes(dir.resolve(f))).as(f).isEqualTo(before.get(f));
        }
        assertThat(staging()).isEmpty();

        ReportWriter.write(other, dir);
        assertThat(Files.readString(dir.resolve("report.md"))).startsWith("# another comparison");
    }

    @Test
    @DisplayName("a staging directory left by a killed writer is removed by the next write")
    void staleStaging() throws Exception {
        Path stale = Files.createDirectories(dir.resolve(".report-new-123"));
        Files.writeString(stale.resolve("loss.png"), "half a chart");
        ReportWriter.write(report(), dir);
        assertThat(stale).doesNotExist();
        assertThat(staging()).isEmpty();
    }

    private List<Path> staging() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".report")).toList();
        }
    }

    /** An output stream that fails as a full disk does once {@code room} bytes are written. */
    static final class FullDisk extends FilterOutputStream {
        private long room;

        FullDisk(OutputStream out, long room) {
            super(out);
            this.room = room;
        }

        @Override
        public void write(int b) throws IOException {
            if (room-- <= 0) {
                throw new IOException("No space left on device");
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }
    }
}
