package io.github.resnetspi.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetspi.training.EpochMetrics;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Comparison report writer")
class ReportWriterTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    static ComparisonReport report() {
        RunResult a = new RunResult("alpha", "EngineA", "1.2.3", "cpu", null, List.of(
                new EpochMetrics(1, 0.05, 0.9123, 0.6712, 0.7345, 1000, 10.0, 12.5, 100.0, 512L << 20),
                new EpochMetrics(2, 0.05, 0.4567, 0.8321, 0.8456, 1000, 8.0, 10.5, 125.0, 600L << 20)),
                1000 * 2 / 18.0, "loss 0.457, train acc 0.832, test acc 0.846, 111.1 examples/sec on cpu", 30);
        RunResult b = new RunResult("beta", "EngineB", "9", "cpu", null, List.of(
                new EpochMetrics(1, 0.05, 1.2, 0.5, 0.6, 1000, 20.0, 21.0, 50.0, 1L << 30),
                new EpochMetrics(2, 0.05, 0.7, 0.7, 0.75, 1000, 20.0, 21.0, 50.0, 1L << 30)),
                50, "loss 0.700, train acc 0.700, test acc 0.750, 50.0 examples/sec on cpu", 45);
        RunResult c = RunResult.failed("gamma", "backend 'gamma' is not available: natives, missing", 2);
        Map<String, String> s = new LinkedHashMap<>();
        s.put("profile", "quick");
        s.put("model", "d2l-resnet18");
        return new ComparisonReport("test comparison", s, List.of(a, b, c));
    }

    @Test
    @DisplayName("writes report.md, results.json, results.csv, epochs.csv and two PNG charts holding the numbers")
    void writesEverything() throws Exception {
        List<Path> files = ReportWriter.write(report(), dir);
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrderElementsOf(ReportWriter.FILES);

        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("| alpha | EngineA | 1.2.3 | cpu | 0.4567 | 0.8321 | 0.8456 | 111.1 | 11.5 | 600 | ok |")
                .contains("| beta | EngineB | 9 | cpu | 0.7000 | 0.7000 | 0.7500 | 50.0 | 21.0 | 1024 | ok |")
                .contains("| gamma |").contains("error: backend 'gamma' is not available: natives, missing")
                .contains("![training loss](loss.png)").contains("- model: `d2l-resnet18`");

        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertThat(csv).hasSize(4);
        assertThat(csv.get(1)).isEqualTo("alpha,EngineA,1.2.3,cpu,ok,2,0.4567,0.8321,0.8456,111.1,11.50,600,");
        assertThat(csv.get(3)).startsWith("gamma,,,,error,0,").endsWith("\"backend 'gamma' is not available: natives, missing\"");
        assertThat(Files.readAllLines(dir.resolve("epochs.csv"))).hasSize(5).contains("alpha,1,0.05,0.91230,0.67120,0.73450,10.000,12.500,100.0,512");

        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("results.json"))).getAsJsonObject();
        assertThat(json.getAsJsonArray("results")).hasSize(3);
        assertThat(json.getAsJsonArray("results").get(0).getAsJsonObject().getAsJsonArray("history").get(1)
                .getAsJsonObject().get("testAccuracy").getAsDouble()).isEqualTo(0.8456);
        assertThat(json.getAsJsonArray("results").get(2).getAsJsonObject().get("error").getAsString()).contains("natives");

        for (String png : List.of("loss.png", "accuracy.png")) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertThat(img).as(png).isNotNull();
            assertThat(img.getWidth()).isEqualTo(1000);
            assertThat(img.getHeight()).isEqualTo(560);
        }
    }

    @Test
    @DisplayName("charts are still written when every backend failed")
    void allFailed() throws Exception {
        ReportWriter.write(new ComparisonReport("x", Map.of(), List.of(RunResult.failed("a", "boom", 1))), dir);
        assertThat(ImageIO.read(dir.resolve("loss.png").toFile())).isNotNull();
        assertThat(Files.readString(dir.resolve("report.md"))).contains("error: boom");
    }
}
