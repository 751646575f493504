package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetspi.cli.compare.ComparisonDirectory;
import io.github.resnetspi.cli.compare.ComparisonPlan;
import io.github.resnetspi.cli.exec.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 28's probes of paths and numbers: an empty path is refused when the command line is parsed, every number is
 * bounded, and every refusal comes before anything is written; a damaged {@code comparison.json} is named as such.
 */
@DisplayName("Paths and numbers: empty paths and out-of-range numbers refused before anything is written")
class PathsAndBoundsTest {
    @TempDir
    Path dir;

    static final String EMPTY_PATH = "an empty path names no file or directory; give one, e.g. ./run (a relative path"
            + " is relative to the directory you run resnet-spi in)";

    @ParameterizedTest(name = "{0} \"\"")
    @CsvSource(delimiter = '|', value = {
            "train --checkpoint      | option '--checkpoint'",
            "train --data-dir        | option '--data-dir'",
            "train --result-json     | option '--result-json'",
            "compare --out           | option '--out'",
            "compare --data-dir      | option '--data-dir'",
            "conformance --backend reference --out | option '--out'",
            "report                  | positional parameter at index 0 (DIR)",
    })
    @DisplayName("an empty path: exit code 2, one line naming the option, nothing written in the working directory")
    void emptyPath(String command, String option) {
        List<String> args = new java.util.ArrayList<>(List.of(command.trim().split("\\s+")));
        args.add("");
        if (!command.startsWith("report") && !command.startsWith("conformance")) {
            args.addAll(List.of("--dataset", "synthetic", "--model", "resnet-tiny"));
        }
        Path cwd = Path.of("").toAbsolutePath();
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo(ChildJvm.ERROR_PREFIX + "Invalid value for " + option.trim() + ": " + EMPTY_PATH
                + " (see 'resnet-spi " + command.trim().split(" ")[0] + " --help')");
        assertThat(cwd.resolve("epoch-0001.safetensors")).doesNotExist();
        assertThat(cwd.resolve(ComparisonDirectory.PLAN)).doesNotExist();
    }

    @Test
    @DisplayName("train --threads 100000: refused at once with the ceiling, 4 per available processor")
    void threads() {
        int processors = Runtime.getRuntime().availableProcessors();
        Path ck = dir.resolve("ck");
        Cli r = Cli.run("train", "--threads", "100000", "--dataset", "synthetic", "--model", "resnet-tiny", "--backend",
                "reference", "--checkpoint", ck.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo(ChildJvm.ERROR_PREFIX + "--threads must be from 1 to " + 4 * processors
                + " (4 per available processor; this machine has " + processors + "), got 100000");
        assertThat(ck).doesNotExist();
    }

    @Test
    @DisplayName("RESNETSPI_THREADS=100000: refused before training, on every backend (the reference ignores threads)")
    void threadsFromEnvironment() throws Exception {
        int processors = Runtime.getRuntime().availableProcessors();
        Path ck = dir.resolve("ck");
        Cli r = CliProcess.run(List.of(), java.util.Map.of("RESNETSPI_THREADS", "100000"), "train", "--dataset",
                "synthetic", "--model", "resnet-tiny", "--backend", "reference", "--checkpoint", ck.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith(ChildJvm.ERROR_PREFIX + "environment variable RESNETSPI_THREADS must be from 1"
                + " to " + 4 * processors + " (4 per available processor; this machine has " + processors + "), got 100000");
        assertThat(ck).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--repeat 2147483647                | --repeat must be at most 1000 runs per backend, got 2147483647",
            "--repeat 100000                    | --repeat must be at most 1000 runs per backend, got 100000",
            "--parallel 2147483647 --device cpu | --parallel must be at most 64 cells at once, got 2147483647",
            "--threads 100000                   | --threads must be from 1 to ",
            "--seed 9223372036854775807 --repeat 2 | seeds 9223372036854775807 … 9223372036854775807+1 would run past the largest seed, 9223372036854775807: use a --seed of at most 9223372036854775806 with --repeat 2",
            "--seed 9223372036854775000 --repeat 1000 | use a --seed of at most 9223372036854774808 with --repeat 1000",
            "--epochs 2147483647                | --epochs must be at most 100000",
    })
    @DisplayName("compare with a number out of range: refused at once, the --out directory never created")
    void compareRefusedBeforeWriting(String options, String message) {
        Path out = dir.resolve("out");
        List<String> args = new java.util.ArrayList<>(List.of("compare", "--backends", "reference", "--out", out.toString()));
        args.addAll(List.of(options.trim().split("\\s+")));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith(ChildJvm.ERROR_PREFIX).contains(message.trim());
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(out).doesNotExist();
    }

    @Test
    @DisplayName("--seed 9223372036854775806 --repeat 2: the last seed is the largest, no overflow")
    void largestSeeds() {
        ComparisonPlan plan = plan(Long.MAX_VALUE - 1, 2);
        assertThat(plan.seeds()).containsExactly(Long.MAX_VALUE - 1, Long.MAX_VALUE);
        assertThat(plan.cells()).extracting(c -> c.backend() + "@" + c.seed())
                .containsExactly("reference@" + (Long.MAX_VALUE - 1), "reference@" + Long.MAX_VALUE);
    }

    /** Writes a valid plan into {@code dir}, then changes {@code field} of its JSON to {@code json}. */
    private void damagedPlan(String field, String json) throws Exception {
        ComparisonDirectory cd = new ComparisonDirectory(dir);
        cd.writePlan(plan(1, 2));
        JsonObject o = JsonParser.parseString(Files.readString(cd.planFile())).getAsJsonObject();
        o.add(field, JsonParser.parseString(json));
        Files.writeString(cd.planFile(), o.toString());
    }

    static ComparisonPlan plan(long seed, int repeat) {
        return new ComparisonPlan(ComparisonPlan.FORMAT, "t", "smoke", Profile.SMOKE.config(), seed,
                repeat, List.of("reference"), "cpu", null, "local", List.of(), 1, 0.85, "resnet-spi compare", null);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "repeat     | 2147483647 | repeat must be from 1 to 1000 runs per backend, got 2147483647",
            "repeat     | 0          | repeat must be from 1 to 1000 runs per backend, got 0",
            "firstSeed  | 9223372036854775807 | seeds 9223372036854775807 … 9223372036854775807+1 would run past the largest seed",
            "parallel   | 100000     | parallel must be from 1 to 64 cells at once, got 100000",
            "backends   | '[\"reference\", \"../../etc\"]' | backends must name one or more backends, each once",
            "backends   | '[]'       | backends must name one or more backends, each once",
            "targetAccuracy | 7      | targetAccuracy must be in (0, 1], got 7.0",
            "command    | null       | a comparison plan needs its title, profile and command (the report shows them)",
            "settings   | null       | a comparison plan needs its training settings, backends, device and executor",
            "settings   | '{\"model\": \"resnet-tiny\", \"dataset\": \"synthetic\", \"resize\": 0, \"limitTrain\": 0,"
                    + " \"limitTest\": 0, \"epochs\": 0, \"batchSize\": 8, \"sgd\": {\"learningRate\": 0.1, \"momentum\": 0.9,"
                    + " \"weightDecay\": 0, \"schedule\": {\"kind\": \"constant\"}}, \"seed\": 1}' | epochs must be positive, got 0",
            "repeat     | '\"three\"' | a value has the wrong type: \"three\" is not a number",
            "backends   | '{}'       | a value has the wrong type (field $.backends, line 1, column ",
    })
    @DisplayName("a damaged comparison.json: report and compare --resume name the file, what is wrong and what to do")
    void damagedPlanFile(String field, String json, String problem) throws Exception {
        damagedPlan(field.trim(), json.trim());
        Path file = dir.resolve(ComparisonDirectory.PLAN);
        for (String[] args : List.of(new String[] {"report", dir.toString()},
                new String[] {"compare", "--out", dir.toString(), "--resume"})) {
            Cli r = Cli.run(args);
            assertThat(r.code()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith(ChildJvm.ERROR_PREFIX + "the comparison plan " + file + " is damaged: " + problem.trim())
                    .contains(". It is written by 'resnet-spi compare': restore it from a copy, or start the comparison"
                            + " afresh in another --out directory (the finished cells' files under " + dir.resolve("cells")
                            + " stay as they are)")
                    .doesNotContain("Exception").doesNotContain("gson").doesNotContain("<main class>");
            assertThat(r.err().strip().lines()).hasSize(1);
        }
    }

    @Test
    @DisplayName("a comparison.json that is not JSON: named as damaged, with the line and column, no parser text")
    void planNotJson() throws Exception {
        Files.writeString(dir.resolve(ComparisonDirectory.PLAN), "{\"format\": \"resnet-spi comparison v1\", trunc");
        Cli r = Cli.run("report", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith(ChildJvm.ERROR_PREFIX + "the comparison plan " + dir.resolve("comparison.json")
                + " is damaged: it is not valid JSON (line 1, column ").doesNotContain("MalformedJson")
                .doesNotContain("https://github.com/google/gson");
    }
}
