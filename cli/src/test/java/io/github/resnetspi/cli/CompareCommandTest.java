package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetspi.cli.exec.ChildJvm;
import io.github.resnetspi.cli.report.ReportWriter;
import io.github.resnetspi.cli.testing.BrokenBackend;
import io.github.resnetspi.cli.testing.TwinBackend;
import io.github.resnetspi.training.RunDirectoryLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("compare, end to end in child JVMs")
class CompareCommandTest {
    @TempDir
    Path dir;

    /** The smoke profile cut down to about a second per cell on the float64 reference. */
    static final List<String> TINY = List.of("--profile", "smoke", "--limit-test", "96", "--batch-size", "32");

    /** {@code compare} on the tiny smoke settings (192 training examples unless {@code extra} says otherwise). */
    static String[] args(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("compare"));
        a.addAll(TINY);
        if (!List.of(extra).contains("--limit-train")) {
            a.addAll(List.of("--limit-train", "192"));
        }
        a.addAll(List.of(extra));
        a.addAll(List.of("--out", out.toString()));
        return a.toArray(String[]::new);
    }

    static JsonObject results(Path out) throws IOException {
        return JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
    }

    @Test
    @DisplayName("a working, an unavailable and a crashing backend: two error rows, the working one still reports")
    void mixedBackends() throws Exception {
        Path out = dir.resolve("report");
        Cli r = Cli.run(args(out, "--backends", "reference,test-broken,test-crash"));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("[reference seed 1] epoch 2/2: loss").contains("test-broken  FAILED: ")
                .contains("report written to");
        for (String f : ReportWriter.FILES) {
            assertThat(out.resolve(f)).isNotEmptyFile();
        }
        assertThat(out.resolve("comparison.json")).isNotEmptyFile();
        assertThat(out.resolve("cells/reference/seed-1/output.log")).content().contains("epoch 2/2: loss");
        JsonArray runs = results(out).getAsJsonArray("runs");
        JsonObject ref = runs.get(0).getAsJsonObject();
        assertThat(ref.get("backend").getAsString()).isEqualTo("reference");
        assertThat(ref.get("status").getAsString()).isEqualTo("ok");
        assertThat(ref.get("error").isJsonNull()).isTrue();
        assertThat(ref.getAsJsonArray("history")).hasSize(2);
        assertThat(ref.getAsJsonObject("details").get("threads").getAsString()).contains("1");
        assertThat(ref.getAsJsonObject("environment").get("processors").getAsInt()).isPositive();
        assertThat(runs.get(1).getAsJsonObject().get("error").getAsString()).contains(BrokenBackend.PROBLEM)
                .contains("log: cells/test-broken/seed-1/output.log");
        assertThat(runs.get(2).getAsJsonObject().get("error").getAsString()).contains("exited with code 134")
                .contains("simulated native crash");
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("| reference |").contains("| test-broken |").contains("| test-crash |")
                .contains("| test-broken | 1 | failed |").contains("## Environment").contains("- CPU: ");
    }

    @Test
    @DisplayName("--repeat 3, two cells at once on the CPU: every seed per backend, aggregates, verdicts, and the CPU warning")
    void repeat() throws Exception {
        Path out = dir.resolve("repeat");
        Cli r = Cli.run(args(out, "--backends", "reference," + TwinBackend.NAME, "--repeat", "3", "--parallel", "2",
                "--device", "cpu"));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("comparing reference, test-twin over 3 seeds (1–3)").contains("6 of 6 cells to run")
                .contains("[reference seed 3] starting in a new JVM on cpu")
                .contains("reference vs test-twin: within seed noise (p = 1.0000, α = 0.05)");
        JsonObject json = results(out);
        JsonArray runs = json.getAsJsonArray("runs");
        assertThat(runs).hasSize(6);
        Map<String, Double> loss = new LinkedHashMap<>();
        for (JsonElement e : runs) {
            JsonObject o = e.getAsJsonObject();
            assertThat(o.get("status").getAsString()).as(o.toString()).isEqualTo("ok");
            loss.put(o.get("backend").getAsString() + "#" + o.get("seed").getAsLong(),
                    o.getAsJsonArray("history").get(1).getAsJsonObject().get("loss").getAsDouble());
        }
        // each seed has its own initial weights, data order (and synthetic data), the same on both backends
        assertThat(loss.get("reference#1")).isEqualTo(loss.get("test-twin#1"));
        assertThat(loss.get("reference#3")).isEqualTo(loss.get("test-twin#3"));
        assertThat(loss.get("reference#1")).isNotEqualTo(loss.get("reference#2"));
        assertThat(loss.get("reference#2")).isNotEqualTo(loss.get("reference#3"));
        JsonObject ref = json.getAsJsonArray("backends").get(0).getAsJsonObject();
        assertThat(ref.get("finished").getAsInt()).isEqualTo(3);
        assertThat(ref.getAsJsonObject("testAccuracy").get("n").getAsInt()).isEqualTo(3);
        JsonObject pair = json.getAsJsonArray("differences").get(0).getAsJsonObject();
        assertThat(pair.getAsJsonObject("test").get("p").getAsDouble()).isEqualTo(1.0);
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("| reference | java-float64").contains("| 3/3 |").contains(" ± ")
                .contains("> **Warning:** up to 2 cells ran at once on the CPU").contains("| reference − test-twin | +0.0000 |")
                .contains("### test-twin seed 3");
        assertThat(Files.readAllLines(out.resolve("runs.csv"))).hasSize(7);
        assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(3);
    }

    @Test
    @DisplayName("a compare killed mid-way (kill -9) and resumed ends with exactly the numbers of an uninterrupted one")
    void resumeAfterKill() throws Exception {
        // tensorflow computes in float32, as its checkpoints store, so its resumed run is bit-identical (the float64
        // reference's would differ in the ninth digit: its weights are rounded to float32 in the checkpoint)
        String[] common = {"--backends", "reference,tensorflow", "--epochs", "8", "--limit-train", "512"};
        Path killed = dir.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args(killed, common)));
        Process compare = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed.log").toFile()).start();
        Path tf = killed.resolve("cells/tensorflow/seed-1");
        // mid-way: the first cell finished, the second has its first checkpoint and is training on
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!Files.exists(tf.resolve("checkpoints/epoch-0001.safetensors"))) {
            assertThat(compare.isAlive()).as("compare ended before it could be interrupted: "
                    + Files.readString(dir.resolve("killed.log"))).isTrue();
            assertThat(Instant.now()).as("no checkpoint in time").isBefore(deadline);
            Thread.sleep(10);
        }
        List<ProcessHandle> children = compare.descendants().toList();
        compare.destroyForcibly();
        assertThat(compare.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(children).isNotEmpty();
        for (ProcessHandle child : children) {
            // the cell's JVM notices that its compare is gone and stops by itself
            assertThat(child.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
        }
        assertThat(killed.resolve("cells/reference/seed-1/result.json")).exists();
        assertThat(tf.resolve("result.json")).doesNotExist();
        assertThat(killed.resolve("report.md")).doesNotExist();

        Cli resumed = Cli.run("compare", "--out", killed.toString(), "--resume");
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("1 of 2 cells to run (finished ones are kept)")
                .contains("[tensorflow seed 1] starting in a new JVM on auto, resuming from its last checkpoint")
                .contains("[tensorflow seed 1] resuming from").doesNotContain("[reference seed 1] starting");

        Path straight = dir.resolve("straight");
        Cli full = Cli.run(args(straight, common));
        assertThat(full.code()).as(full.out() + full.err()).isZero();
        assertThat(numbers(killed)).isEqualTo(numbers(straight)).hasSize(2);
        for (int b = 0; b < 2; b++) {
            for (String stat : List.of("finalLoss", "trainAccuracy", "testAccuracy")) {
                assertThat(results(killed).getAsJsonArray("backends").get(b).getAsJsonObject().get(stat))
                        .isEqualTo(results(straight).getAsJsonArray("backends").get(b).getAsJsonObject().get(stat));
            }
        }
    }

    /** Per run, every epoch's loss and accuracies: what must not depend on an interruption. */
    static List<String> numbers(Path out) throws IOException {
        List<String> n = new ArrayList<>();
        for (JsonElement e : results(out).getAsJsonArray("runs")) {
            JsonObject o = e.getAsJsonObject();
            StringBuilder sb = new StringBuilder(o.get("backend").getAsString() + "#" + o.get("seed").getAsLong() + ":");
            for (JsonElement h : o.getAsJsonArray("history")) {
                JsonObject m = h.getAsJsonObject();
                sb.append(' ').append(m.get("loss").getAsDouble()).append('/').append(m.get("trainAccuracy").getAsDouble())
                        .append('/').append(m.get("testAccuracy").getAsDouble());
            }
            n.add(sb.toString());
        }
        return n;
    }

    @Test
    @DisplayName("a cell whose JVM is killed (SIGKILL) is a row saying so, not the last line its engine logged")
    void killedCell() throws Exception {
        Path out = dir.resolve("sigkill");
        Path log = out.resolve("cells/tensorflow/seed-1/output.log");
        Thread killer = new Thread(() -> {
            try {
                Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
                while (Instant.now().isBefore(deadline)) {
                    if (Files.exists(log) && Files.readString(log).contains("epoch 1/40:")) {
                        // compare runs in this JVM: its only child is the cell's
                        ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly);
                        return;
                    }
                    Thread.sleep(20);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        killer.start();
        Cli r = Cli.run(args(out, "--backends", "tensorflow", "--epochs", "40"));
        killer.join();
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        String error = results(out).getAsJsonArray("runs").get(0).getAsJsonObject().get("error").getAsString();
        assertThat(error).startsWith("the child JVM was killed by signal 9 (SIGKILL, exit code 137)");
        assertThat(Files.readString(out.resolve("report.md"))).contains("| tensorflow | 1 | failed | ")
                .contains("killed by signal 9");
    }

    @Test
    @DisplayName("a comparison's directory is not reused by accident, and --resume keeps its settings")
    void directoryRules() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Cli onFile = Cli.run(args(file));
        assertThat(onFile.code()).isEqualTo(2);
        assertThat(onFile.err().strip()).isEqualTo(ChildJvm.ERROR_PREFIX + "--out " + file
                + " is a file; name a directory (it is created when missing)");

        Path none = dir.resolve("none");
        Cli nothing = Cli.run("compare", "--out", none.toString(), "--resume");
        assertThat(nothing.code()).isEqualTo(2);
        assertThat(nothing.err()).contains("--resume: " + none + " holds no comparison");

        Path out = dir.resolve("done");
        Cli first = Cli.run(args(out, "--backends", "reference", "--limit-train", "64", "--epochs", "1"));
        assertThat(first.code()).as(first.out() + first.err()).isZero();
        Cli again = Cli.run(args(out, "--backends", "reference", "--limit-train", "64", "--epochs", "1"));
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains(out + " already holds a comparison (1 of 1 cells finished); pass --resume");
        Cli changed = Cli.run("compare", "--out", out.toString(), "--resume", "--seed", "7");
        assertThat(changed.code()).isEqualTo(2);
        assertThat(changed.err()).contains("was started with seed=1, this command has seed=7");
        Cli otherDevice = Cli.run("compare", "--out", out.toString(), "--resume", "--device", "gpu");
        assertThat(otherDevice.code()).isEqualTo(2);
        assertThat(otherDevice.err()).contains("runs on --device auto, this command asks for gpu");

        // nothing left to run: the report is rebuilt, here counting time to another accuracy
        Cli rebuilt = Cli.run("compare", "--out", out.toString(), "--resume", "--target-accuracy", "0.2");
        assertThat(rebuilt.code()).as(rebuilt.out() + rebuilt.err()).isZero();
        assertThat(rebuilt.out()).contains("every cell has finished already; rebuilding the report");
        assertThat(Files.readString(out.resolve("report.md"))).contains("seconds to test acc ≥ 0.20");

        // --repeat may grow: the new seed runs, the finished one is kept
        Cli more = Cli.run("compare", "--out", out.toString(), "--resume", "--repeat", "2");
        assertThat(more.code()).as(more.out() + more.err()).isZero();
        assertThat(more.out()).contains("1 of 2 cells to run").contains("[reference seed 2] starting");
        assertThat(Files.readString(out.resolve("report.md"))).contains("| reference | 2 | ok |");
    }

    @Test
    @DisplayName("--executor slurm where SLURM's commands are missing: one line saying what to install, nothing written")
    void slurmMissing() throws Exception {
        Path out = dir.resolve("no-slurm");
        Path emptyBin = Files.createDirectories(dir.resolve("empty-bin"));
        Cli r = CliProcess.run(List.of(), Map.of("PATH", emptyBin.toString()), args(out, "--executor", "slurm",
                "--backends", "reference"));
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo(ChildJvm.ERROR_PREFIX + "sbatch not found on PATH: SLURM's client commands are "
                + "needed here (Debian: apt-get install -y slurm-client; a one-node test cluster: scripts/slurm-local.sh up)");
        assertThat(out).doesNotExist();
    }

    @Test
    @DisplayName("a directory another run holds is refused, by compare and by report, naming the holder's PID")
    void locked() throws Exception {
        Path out = dir.resolve("held");
        Cli first = Cli.run(args(out, "--backends", "reference", "--limit-train", "64", "--epochs", "1"));
        assertThat(first.code()).as(first.out() + first.err()).isZero();
        try (RunDirectoryLock held = RunDirectoryLock.acquire(out)) {
            Cli resume = Cli.run("compare", "--out", out.toString(), "--resume");
            assertThat(resume.code()).isEqualTo(1);
            assertThat(resume.err().strip()).startsWith(ChildJvm.ERROR_PREFIX + out + " is in use by another resnet-spi run (PID "
                    + ProcessHandle.current().pid());
            Cli report = Cli.run("report", out.toString());
            assertThat(report.code()).isEqualTo(1);
            assertThat(report.err()).contains("is in use by another resnet-spi run");
        }
        assertThat(Cli.run("report", out.toString()).code()).isZero();
    }
}
