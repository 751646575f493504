package io.github.resnetspi.cli.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import io.github.resnetspi.cli.testing.Python;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("nearest-rank percentiles: by hand and against numpy's inverted_cdf")
class PercentilesTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("the sample at rank ceil(p/100 n): 10 samples give p50 = 5th, p90 = 9th, p99 = 10th; one sample is every percentile")
    void byHand() {
        double[] ten = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        assertThat(Percentiles.nearestRank(ten, 50)).isEqualTo(5);
        assertThat(Percentiles.nearestRank(ten, 90)).isEqualTo(9);
        assertThat(Percentiles.nearestRank(ten, 99)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(ten, 0)).isEqualTo(1);
        assertThat(Percentiles.nearestRank(ten, 100)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(new double[] {3.5}, 99)).isEqualTo(3.5);
        // 200 samples 1..200: p99 is the 198th, p90 the 180th
        double[] twoHundred = new double[200];
        for (int i = 0; i < 200; i++) {
            twoHundred[i] = 200 - i;
        }
        assertThat(Percentiles.nearestRank(twoHundred, 99)).isEqualTo(198);
        assertThat(Percentiles.nearestRank(twoHundred, 90)).isEqualTo(180);
        // exact ranks: 99.9 % of 1000 is rank 999 (numpy's inverted_cdf, computing 99.9 / 100 · 1000 in binary
        // floating point as 999.0000000000001, takes rank 1000 there)
        double[] thousand = new double[1000];
        for (int i = 0; i < 1000; i++) {
            thousand[i] = i + 1;
        }
        assertThat(Percentiles.nearestRank(thousand, 99.9)).isEqualTo(999);
        assertThatThrownBy(() -> Percentiles.nearestRank(new double[0], 50)).hasMessageContaining("no samples");
    }

    @Test
    @DisplayName("equal to numpy.percentile(method=\"inverted_cdf\") on random samples of 1 to 1000 values, at percentiles whose p/100 numpy holds without a rounding that moves a rank")
    void matchesNumpy() throws Exception {
        Python.require("numpy", "python3-numpy", "the percentile oracle");
        Random rnd = new Random(5);
        List<double[]> samples = new ArrayList<>();
        for (int n : new int[] {1, 2, 3, 7, 10, 99, 100, 101, 200, 201, 999, 1000}) {
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = Math.exp(rnd.nextGaussian()); // skewed, as latencies are; with ties
                if (i > 0 && rnd.nextInt(10) == 0) {
                    s[i] = s[i - 1];
                }
            }
            samples.add(s);
        }
        double[] ps = {0, 1, 10, 25, 50, 75, 90, 95, 99, 100};
        Path in = dir.resolve("in.json");
        Files.writeString(in, new Gson().toJson(Map.of("samples", samples, "ps", ps)));
        String out = Python.run("percentiles.py", in.toString()).strip();
        JsonArray numpy = JsonParser.parseString(out.substring(out.lastIndexOf("\n") + 1)).getAsJsonArray();
        for (int k = 0; k < samples.size(); k++) {
            for (int j = 0; j < ps.length; j++) {
                assertThat(Percentiles.nearestRank(samples.get(k), ps[j]))
                        .as("n=%d p=%s", samples.get(k).length, ps[j])
                        .isEqualTo(numpy.get(k).getAsJsonArray().get(j).getAsDouble());
            }
        }
    }
}
