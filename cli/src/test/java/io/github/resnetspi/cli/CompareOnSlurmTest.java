package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetspi.cli.exec.ChildJvm;
import io.github.resnetspi.cli.exec.Slurm.JobState;
import io.github.resnetspi.cli.exec.Slurm;
import io.github.resnetspi.cli.exec.SlurmExecutor;
import io.github.resnetspi.cli.testing.LocalSlurmCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code compare --executor slurm} end to end on a real one-node SLURM cluster ({@link LocalSlurmCluster}, started
 * with scripts/slurm-local.sh; where the daemons cannot start every test fails with the reason). Each {@code compare}
 * runs in a JVM of its own with the cluster's {@code SLURM_CONF} in its environment, as a user's would, and its
 * output (the sbatch lines, the job states, the report) is printed into the test log.
 */
@DisplayName("compare --executor slurm on a one-node cluster started by scripts/slurm-local.sh")
class CompareOnSlurmTest {
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    /** The smoke profile, cut to a few seconds per cell; four epochs leave time to interrupt a cell after its first. */
    private static final List<String> CELLS = List.of("--profile", "smoke", "--limit-train", "384", "--limit-test", "96",
            "--batch-size", "32", "--epochs", "4", "--poll-interval", "0.5");

    private static LocalSlurmCluster cluster;
    private static Slurm slurm;
    /** For the tests' own polls, which would fill the log. */
    private static Slurm quiet;
    private static Path root;

    @BeforeAll
    static void up() throws IOException {
        // A fresh cluster numbers its jobs from 1 again: no job record of an earlier run may survive.
        root = Path.of("target", "slurm-compare").toAbsolutePath();
        if (Files.exists(root)) {
            try (Stream<Path> old = Files.walk(root)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(root);
        cluster = LocalSlurmCluster.start();
        slurm = new Slurm(cluster.clientEnvironment(), line -> System.out.println("[test] " + line));
        quiet = new Slurm(cluster.clientEnvironment(), line -> { });
    }

    @AfterAll
    static void down() throws IOException {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    @DisplayName("two backends × two seeds as sbatch jobs; one cancelled mid-way becomes a row with SLURM's state and "
            + "its log's tail; --resume resubmits only it, from its checkpoint, and the merged report has every cell")
    void cancelledCellAndResume() throws Exception {
        Path out = root.resolve("cancel");
        Path log = root.resolve("cancel-compare.log");
        List<String> args = new ArrayList<>(List.of("compare", "--executor", "slurm", "--backends", "reference,djl-pytorch",
                "--repeat", "2"));
        args.addAll(CELLS);
        args.addAll(List.of("--out", out.toString()));
        Process compare = start(log, args);
        Path cell = out.resolve("cells/reference/seed-1");
        awaitTrue(() -> Files.exists(cell.resolve("checkpoints/epoch-0001.safetensors")), compare, log,
                "the first checkpoint of reference seed 1");
        String cancelled = jobId(cell);
        slurm.cancel(List.of(cancelled));
        String first = finish(compare, log, "compare");
        assertThat(compare.exitValue()).as(first).isZero();

        assertThat(first).contains("4 of 4 cells to run")
                .contains("[slurm] $ sbatch --parsable --job-name=resnetspi-reference-seed-1 --chdir=")
                .contains("[slurm] $ sbatch --parsable --job-name=resnetspi-djl-pytorch-seed-2 --chdir=")
                .contains("[slurm] $ squeue --noheader --states=all --array --jobs=")
                .containsPattern("\\[reference seed 1\\] job " + cancelled + ": (RUNNING|COMPLETING) → CANCELLED")
                .contains("[reference seed 1] FAILED: SLURM job " + cancelled + " ended CANCELLED");
        for (String other : List.of("djl-pytorch seed 1", "reference seed 2", "djl-pytorch seed 2")) {
            assertThat(first).containsPattern("\\[" + other + "\\] job \\d+: (RUNNING|COMPLETING) → COMPLETED")
                    .contains("[" + other + "] finished in ");
        }
        Map<String, JsonObject> runs = runs(out);
        JsonObject failed = runs.get("reference#1");
        assertThat(failed.get("status").getAsString()).isEqualTo("failed");
        assertThat(failed.get("error").getAsString()).startsWith("SLURM job " + cancelled + " ended CANCELLED")
                .contains("; last lines of cells/reference/seed-1/output.log: ").contains("CANCELLED AT");
        assertThat(runs.values()).filteredOn(r -> r.get("status").getAsString().equals("ok")).hasSize(3);
        assertThat(Files.readString(out.resolve("report.md"))).contains("| reference | 1 | failed | ");

        Cli resumed = CliProcess.run(List.of(), cluster.clientEnvironment(), "compare", "--out", out.toString(),
                "--resume", "--poll-interval", "0.5");
        System.out.println("---- compare --out " + out + " --resume\n" + resumed.out() + resumed.err());
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        String again = jobId(cell);
        assertThat(resumed.out()).contains("1 of 4 cells to run (finished ones are kept)")
                .contains("[reference seed 1] submitted as job " + again + ", continuing from its last checkpoint")
                .contains("[reference seed 1] finished in ");
        assertThat(resumed.out().lines().filter(l -> l.startsWith("[slurm] $ sbatch "))).singleElement().asString()
                .contains("--job-name=resnetspi-reference-seed-1");
        assertThat(again).isNotEqualTo(cancelled);
        String cellLog = Files.readString(cell.resolve("output.log"));
        assertThat(cellLog).contains("SLURM job " + cancelled + " (restart 0)").contains("CANCELLED AT")
                .contains("SLURM job " + again + " (restart 0)").contains("resuming from ");

        Map<String, JsonObject> merged = runs(out);
        assertThat(merged.keySet()).containsExactly("reference#1", "djl-pytorch#1", "reference#2", "djl-pytorch#2");
        for (JsonObject r : merged.values()) {
            assertThat(r.get("status").getAsString()).as(r.toString()).isEqualTo("ok");
            assertThat(r.getAsJsonArray("history")).hasSize(4);
        }
        String report = Files.readString(out.resolve("report.md"));
        System.out.println("---- " + out.resolve("report.md") + "\n" + report);
        assertThat(report).contains("- executor: `slurm, one job per cell`").doesNotContain("| failed |")
                .contains("| reference | 1 | ok |").contains("| djl-pytorch | 2 | ok |")
                .contains("### reference seed 1").contains("### djl-pytorch seed 2");
    }

    @Test
    @DisplayName("--no-wait submits and exits with the job ids; a job SLURM requeues continues from its checkpoint; "
            + "--resume waits for the queued job instead of submitting it again")
    void requeuedCellAndNoWait() throws Exception {
        Path out = root.resolve("requeue");
        List<String> args = new ArrayList<>(List.of("compare", "--executor", "slurm", "--backends", "reference",
                "--repeat", "2"));
        args.addAll(CELLS);
        args.addAll(List.of("--out", out.toString(), "--no-wait"));
        Cli submitted = CliProcess.run(List.of(), cluster.clientEnvironment(), args.toArray(String[]::new));
        System.out.println("---- compare --no-wait\n" + submitted.out() + submitted.err());
        assertThat(submitted.code()).as(submitted.out() + submitted.err()).isZero();
        Path cell = out.resolve("cells/reference/seed-1");
        String job = jobId(cell);
        String other = jobId(out.resolve("cells/reference/seed-2"));
        assertThat(submitted.out()).contains("[slurm] 2 cells in SLURM: reference seed 1 = job " + job
                        + ", reference seed 2 = job " + other)
                .contains("[slurm] follow them with: squeue --jobs=" + job + "," + other)
                .contains("'resnet-spi report " + out + "' builds the report")
                .contains("'resnet-spi compare --out " + out + " --resume' waits for those still queued or running")
                .doesNotContain("[slurm] $ squeue");
        assertThat(out.resolve("report.md")).doesNotExist();

        awaitTrue(() -> Files.exists(cell.resolve("checkpoints/epoch-0001.safetensors")), null, null,
                "the first checkpoint of reference seed 1");
        // What a preemption does: SLURM stops the job and queues it again. A requeued job becomes eligible again
        // 121 s later (when its credential expires); the test must not depend on compare --resume starting before
        // that (a JVM start on a loaded machine can take longer), so the requeue also holds the job, atomically:
        // squeue shows it PENDING ("job requeued in held state") until it is released below.
        scontrol("requeuehold", job);
        awaitTrue(() -> quiet.states(List.of(job)).get(job).state() == JobState.PENDING, null, null,
                "job " + job + " PENDING again after its requeue");
        Path log = root.resolve("requeue-resume.log");
        Process resume = start(log, List.of("compare", "--out", out.toString(), "--resume", "--poll-interval", "0.5"));
        awaitTrue(() -> Files.readString(log).contains("[reference seed 1] job " + job + " is still PENDING in SLURM:"
                + " waiting for it, not resubmitting"), resume, log, "--resume to find the requeued job");
        scontrol("release", job);
        scontrol("update", "JobId=" + job, "StartTime=now"); // skip the requeue's start delay (about two minutes)
        String resumed = finish(resume, log, "compare --resume");
        assertThat(resume.exitValue()).as(resumed).isZero();

        assertThat(resumed).doesNotContain("[slurm] $ sbatch").contains("[reference seed 1] job " + job + ": PENDING → ")
                .containsPattern("\\[reference seed 1\\] job " + job + ": (RUNNING|COMPLETING) → COMPLETED")
                .contains("[reference seed 1] finished in ");
        String cellLog = Files.readString(cell.resolve("output.log"));
        assertThat(cellLog).contains("SLURM job " + job + " (restart 0)").contains("DUE TO JOB REQUEUE")
                .contains("SLURM job " + job + " (restart 1)").contains("resuming from ");
        Map<String, JsonObject> runs = runs(out);
        assertThat(runs.keySet()).containsExactly("reference#1", "reference#2");
        for (JsonObject r : runs.values()) {
            assertThat(r.get("status").getAsString()).as(r.toString()).isEqualTo("ok");
            assertThat(r.getAsJsonArray("history")).hasSize(4);
        }
    }

    @Test
    @DisplayName("a partition the cluster lacks is sbatch's refusal in one error line, and nothing is submitted")
    void unknownPartition() throws Exception {
        Path out = root.resolve("refused");
        Cli r = CliProcess.run(List.of(), cluster.clientEnvironment(), "compare", "--executor", "slurm", "--backends",
                "reference", "--profile", "smoke", "--epochs", "1", "--partition", "no-such-partition", "--out", out.toString());
        System.out.println("---- compare --partition no-such-partition\n" + r.out() + r.err());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines().filter(l -> l.startsWith(ChildJvm.ERROR_PREFIX))).containsExactly(ChildJvm.ERROR_PREFIX
                + "sbatch failed (exit 1): invalid partition specified: no-such-partition; Batch job submission failed: "
                + "Invalid partition name specified");
        assertThat(r.out()).contains("[slurm] $ sbatch --parsable --job-name=resnetspi-reference-seed-1 ")
                .contains("--partition=no-such-partition");
        assertThat(out.resolve("cells/reference/seed-1").resolve(SlurmExecutor.JOB_RECORD)).doesNotExist();
    }

    /** The job id recorded for the cell in {@code dir}. */
    private static String jobId(Path dir) throws IOException {
        return JsonParser.parseString(Files.readString(dir.resolve(SlurmExecutor.JOB_RECORD))).getAsJsonObject()
                .get("jobId").getAsString();
    }

    /** results.json's cells by {@code backend#seed}, in its order. */
    private static Map<String, JsonObject> runs(Path out) throws IOException {
        JsonArray runs = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject()
                .getAsJsonArray("runs");
        Map<String, JsonObject> byCell = new LinkedHashMap<>();
        for (JsonElement e : runs) {
            JsonObject o = e.getAsJsonObject();
            byCell.put(o.get("backend").getAsString() + "#" + o.get("seed").getAsLong(), o);
        }
        return byCell;
    }

    /** The CLI in a JVM of its own, on the cluster, its stdout and stderr into {@code log}. */
    private static Process start(Path log, List<String> args) throws IOException {
        Process p = CliProcess.builder(List.of(), cluster.clientEnvironment(), args.toArray(String[]::new))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        return p;
    }

    /** Waits for {@code p} to exit; prints and returns its output. */
    private static String finish(Process p, Path log, String what) throws Exception {
        if (!p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(what + " did not finish within " + DEADLINE + ":\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        System.out.println("---- " + what + " (exit " + p.exitValue() + ")\n" + output);
        return output;
    }

    /** Polls {@code condition} every 20 ms; fails after {@link #DEADLINE}, or when {@code p} (if any) has exited. */
    private static void awaitTrue(Callable<Boolean> condition, Process p, Path log, String what) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.call()) {
            if (p != null && !p.isAlive()) {
                fail("compare ended before " + what + ":\n" + Files.readString(log));
            }
            if (Instant.now().isAfter(deadline)) {
                fail("no " + what + " within " + DEADLINE + (log == null ? "" : ":\n" + Files.readString(log)));
            }
            Thread.sleep(20);
        }
    }

    /** Runs {@code scontrol args} on the cluster, as its administrator would; it must succeed. */
    private static void scontrol(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("scontrol"));
        cmd.addAll(List.of(args));
        System.out.println("[test] $ SLURM_CONF=" + cluster.conf() + " " + String.join(" ", cmd));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(cluster.clientEnvironment());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("scontrol %s finished", String.join(" ", args)).isTrue();
        assertThat(p.exitValue()).as("scontrol %s: %s", String.join(" ", args), output).isZero();
    }
}
