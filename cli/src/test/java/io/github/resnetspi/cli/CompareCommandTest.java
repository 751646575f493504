package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetspi.cli.testing.BrokenBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("compare, end to end in child JVMs")
class CompareCommandTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("a working, an unavailable and a crashing backend: two error rows, the working one still reports")
    void mixedBackends() throws Exception {
        Path out = dir.resolve("report");
        Cli r = Cli.run("compare", "--backends", "reference,test-broken,test-crash", "--dataset", "synthetic",
                "--model", "resnet-tiny", "--epochs", "2", "--limit-train", "96", "--limit-test", "48", "--batch-size", "32",
                "--lr", "0.1", "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("[reference] epoch 2/2: loss").contains("test-broken  FAILED: ")
                .contains("report written to");
        for (String f : new String[] {"report.md", "results.json", "results.csv", "epochs.csv", "loss.png", "accuracy.png"}) {
            assertThat(out.resolve(f)).isNotEmptyFile();
        }
        JsonArray results = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject()
                .getAsJsonArray("results");
        JsonObject ref = results.get(0).getAsJsonObject();
        assertThat(ref.get("backend").getAsString()).isEqualTo("reference");
        assertThat(ref.get("error").isJsonNull()).isTrue();
        assertThat(ref.getAsJsonArray("history")).hasSize(2);
        assertThat(results.get(1).getAsJsonObject().get("error").getAsString()).contains(BrokenBackend.PROBLEM);
        assertThat(results.get(2).getAsJsonObject().get("error").getAsString()).contains("exited with code 134")
                .contains("simulated native crash");
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("| reference |").contains("| test-broken |").contains("| test-crash |");
    }
}
