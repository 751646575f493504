package io.github.resnetspi.cli.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.cli.cell.Cell;
import io.github.resnetspi.cli.cell.CellFiles;
import io.github.resnetspi.cli.cell.JsonFiles;
import io.github.resnetspi.cli.cell.RunResult;
import io.github.resnetspi.cli.compare.ComparisonDirectory;
import io.github.resnetspi.cli.exec.SlurmExecutor.Placement;
import io.github.resnetspi.training.EpochMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SLURM executor's logic against stand-ins for SLURM's commands: small shell scripts on the executor's PATH
 * whose every call prints what the test scripted for it (the last scripted answer repeats) and records its
 * arguments. The cells' {@code train} is not run; the tests write what it would have (result files, logs).
 */
@DisplayName("SLURM executor: jobs, states and outcomes against stand-in SLURM commands")
class SlurmExecutorTest {
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Placement DEFAULT = new Placement("", "", "", "", List.of());

    @TempDir
    Path dir;
    private Path bin;
    private Path comparison;
    private final StringWriter console = new StringWriter();

    @BeforeEach
    void setUp() throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        comparison = dir.resolve("comparison");
        answer("scontrol", 1, captured("scontrol-show-config.txt")
                .replace("/tmp/resnetspi-slurm/log/jobcomp.txt", dir.resolve("jobcomp.txt").toString()), "", 0);
        Files.writeString(dir.resolve("jobcomp.txt"), "");
        answer("squeue", 1, "", "", 0);
    }

    @Test
    @DisplayName("one sbatch job per cell with the placement; a line per change of state; a finished cell's result "
            + "counts, a failed job is a row with SLURM's state, the cell's error and the tail of its log")
    void jobsAndOutcomes() throws IOException {
        CellTask alpha = task("alpha", 1);
        CellTask beta = task("beta", 1);
        answer("sbatch", 1, "100\n", "", 0);
        answer("sbatch", 2, "101\n", "", 0);
        answer("squeue", 1, "100|PENDING|Priority\n101|PENDING|Priority\n", "", 0);
        answer("squeue", 2, "100|RUNNING|None\n101|PENDING|Resources\n", "", 0);
        answer("squeue", 3, "100|RUNNING|None\n101|RUNNING|None\n", "", 0);
        answer("squeue", 4, "100|COMPLETED|None\n101|FAILED|NonZeroExitCode\n", "", 0);
        finished(alpha); // what alpha's train writes while its job runs
        Files.createDirectories(beta.files().dir());
        Files.writeString(beta.files().log(), "epoch 1/2: loss 2.0000\n" + ChildJvm.ERROR_PREFIX
                + "the engine ran out of memory\n\n# exit code 1\n");
        Placement placement = new Placement("p1", "01:00:00", "acct", "gpu:2", List.of("--qos=high"));

        assertThat(executor(placement, true).run(List.of(alpha, beta))).isTrue();

        assertThat(calls("sbatch")).containsExactly(
                "--parsable --job-name=resnetspi-alpha-seed-1 --chdir=" + Path.of("").toAbsolutePath() + " --output="
                        + alpha.files().log().toAbsolutePath() + " --partition=p1 --time=01:00:00 --account=acct"
                        + " --gres=gpu:2 --open-mode=append --requeue --qos=high "
                        + alpha.files().dir().resolve(SlurmExecutor.SCRIPT).toAbsolutePath(),
                "--parsable --job-name=resnetspi-beta-seed-1 --chdir=" + Path.of("").toAbsolutePath() + " --output="
                        + beta.files().log().toAbsolutePath() + " --partition=p1 --time=01:00:00 --account=acct"
                        + " --gres=gpu:2 --open-mode=append --requeue --qos=high "
                        + beta.files().dir().resolve(SlurmExecutor.SCRIPT).toAbsolutePath());
        assertThat(lines("[alpha seed 1] ")).containsExactly(
                "[alpha seed 1] submitted as job 100",
                "[alpha seed 1] job 100: PENDING (Priority)",
                "[alpha seed 1] job 100: PENDING → RUNNING",
                "[alpha seed 1] job 100: RUNNING → COMPLETED",
                "[alpha seed 1] finished in 5 s: loss 0.500, train acc 0.800, test acc 0.800, 100.0 examples/sec on cpu");
        String error = "SLURM job 101 ended FAILED (NonZeroExitCode): the engine ran out of memory; last lines of "
                + "cells/beta/seed-1/output.log: epoch 1/2: loss 2.0000 | " + ChildJvm.ERROR_PREFIX
                + "the engine ran out of memory | # exit code 1";
        assertThat(lines("[beta seed 1] ")).containsExactly(
                "[beta seed 1] submitted as job 101",
                "[beta seed 1] job 101: PENDING (Priority)",
                "[beta seed 1] job 101: PENDING → RUNNING",
                "[beta seed 1] job 101: RUNNING → FAILED (NonZeroExitCode)",
                "[beta seed 1] FAILED: " + error);
        assertThat(beta.files().read().status()).isEqualTo(RunResult.FAILED);
        assertThat(beta.files().read().error()).isEqualTo(error);
        assertThat(alpha.files().read().ok()).isTrue();
        // every SLURM command line is shown, a repeated poll once
        assertThat(lines("[slurm] $ ")).containsExactly(
                "[slurm] $ PATH=" + bin + " sbatch " + calls("sbatch").get(0),
                "[slurm] $ PATH=" + bin + " sbatch " + calls("sbatch").get(1),
                "[slurm] $ PATH=" + bin + " squeue --noheader --states=all --array --jobs=100,101 '--format=%i|%T|%r'");
        assertThat(calls("squeue")).hasSize(4);
        assertThat(Files.readString(alpha.files().dir().resolve(SlurmExecutor.JOB_RECORD))).contains("\"jobId\": \"100\"")
                .contains("\"jobName\": \"resnetspi-alpha-seed-1\"");
        String script = Files.readString(alpha.files().dir().resolve(SlurmExecutor.SCRIPT));
        assertThat(script).startsWith("#!/bin/sh\n").contains("\n" + ShellLine.of(alpha.command("cpu")) + "\n")
                .contains("--resume-if-present").endsWith("code=$?\nprintf '# exit code %s\\n' \"$code\"\nexit \"$code\"\n");
    }

    @Test
    @DisplayName("resumed: a cell whose recorded job is still queued is waited for, not resubmitted; one whose job ended "
            + "without a result is submitted again, its old failure cleared")
    void resumeWaitsForLiveJobs() throws IOException {
        CellTask alpha = task("alpha", 1);
        CellTask beta = task("beta", 1);
        record(alpha, "50");
        record(beta, "51");
        beta.files().recordFailure("SLURM job 51 ended CANCELLED", 0);
        answer("squeue", 1, "50|PENDING|Priority\n51|CANCELLED|None\n", "", 0);
        answer("squeue", 2, "50|RUNNING|None\n102|RUNNING|None\n", "", 0);
        answer("squeue", 3, "50|COMPLETED|None\n102|COMPLETED|None\n", "", 0);
        // the resubmitted job's train writes beta's result
        Path betaResult = dir.resolve("beta-result.json");
        JsonFiles.write(betaResult, ok(beta.cell()));
        answer("sbatch", 1, "102\n", "", 0, "/bin/cp '" + betaResult + "' '" + beta.files().result() + "'");
        finished(alpha);

        assertThat(executor(DEFAULT, true).run(List.of(alpha, beta))).isTrue();

        assertThat(calls("sbatch")).singleElement().asString().contains("--job-name=resnetspi-beta-seed-1");
        assertThat(calls("squeue").get(0)).contains("--jobs=50,51");
        assertThat(lines("[alpha seed 1] ")).containsExactly(
                "[alpha seed 1] job 50 is still PENDING in SLURM: waiting for it, not resubmitting",
                "[alpha seed 1] job 50: PENDING → RUNNING",
                "[alpha seed 1] job 50: RUNNING → COMPLETED",
                "[alpha seed 1] finished in 5 s: loss 0.500, train acc 0.800, test acc 0.800, 100.0 examples/sec on cpu");
        assertThat(lines("[beta seed 1] ")).first().isEqualTo("[beta seed 1] submitted as job 102");
        assertThat(beta.files().read().ok()).isTrue();
        assertThat(Files.readString(beta.files().dir().resolve(SlurmExecutor.JOB_RECORD))).contains("\"jobId\": \"102\"");
    }

    @Test
    @DisplayName("--no-wait: the cells are submitted, their job ids printed, and nothing is polled")
    void noWait() throws IOException {
        answer("sbatch", 1, "100\n", "", 0);
        answer("sbatch", 2, "101\n", "", 0);
        assertThat(executor(DEFAULT, false).run(List.of(task("alpha", 1), task("alpha", 2)))).isFalse();
        assertThat(console.toString()).contains("[slurm] 2 cells in SLURM: alpha seed 1 = job 100, alpha seed 2 = job 101\n"
                + "[slurm] follow them with: squeue --jobs=100,101\n");
        assertThat(calls("squeue")).isEmpty();
    }

    @Test
    @DisplayName("a job SLURM no longer knows, and a COMPLETED job that left no result or a broken one, become rows saying so")
    void vanishedAndSilentJobs() throws IOException {
        CellTask alpha = task("alpha", 1);
        CellTask beta = task("beta", 1);
        CellTask gamma = task("gamma", 1);
        answer("sbatch", 1, "100\n", "", 0);
        answer("sbatch", 2, "101\n", "", 0);
        // gamma's job writes a broken result file
        answer("sbatch", 3, "102\n", "", 0, "echo '{\"backend\": trunc' > '" + gamma.files().result() + "'");
        answer("squeue", 1, "101|COMPLETED|None\n102|COMPLETED|None\n", "", 0);

        assertThat(executor(DEFAULT, true).run(List.of(alpha, beta, gamma))).isTrue();

        assertThat(alpha.files().read().error()).isEqualTo("SLURM job 100 is UNKNOWN: no longer known to slurmctld (it "
                + "keeps finished jobs for MinJobAge=3600 sec), no accounting (sacct) on this cluster, and not in the job "
                + "completion log " + dir.resolve("jobcomp.txt") + "; its log cells/alpha/seed-1/output.log is empty or missing");
        assertThat(beta.files().read().error()).isEqualTo("SLURM job 101 COMPLETED without the cell's result.json; its "
                + "log cells/beta/seed-1/output.log is empty or missing");
        assertThat(gamma.files().read().error()).startsWith("SLURM job 102 COMPLETED, but unreadable result file "
                + gamma.files().result());
        // COMPLETED without a result is judged only after the grace a shared file system may need: not at the first poll
        assertThat(calls("squeue").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    @DisplayName("a failed poll is retried; three in a row end the wait with one line that leaves the jobs alone and "
            + "names --resume")
    void lostContact() throws IOException {
        answer("sbatch", 1, "100\n", "", 0);
        answer("squeue", 1, "", captured("squeue-controller-down.stderr"), 1);
        SlurmExecutor ex = executor(DEFAULT, true);
        assertThatThrownBy(() -> ex.run(List.of(task("alpha", 1))))
                .isInstanceOf(ResnetSpiException.class)
                .hasMessageStartingWith("lost contact with SLURM: 3 polls in a row failed, the last with: squeue failed "
                        + "(exit 1): ")
                .hasMessageContaining("slurmctld is not reachable")
                .hasMessageEndingWith("; the jobs (100) are not cancelled: 'resnet-spi compare --out " + comparison
                        + " --resume' waits for them again");
        assertThat(console.toString()).contains("[slurm] polling failed (squeue failed (exit 1): ").contains("trying again in 10 ms");
        assertThat(calls("squeue")).hasSize(3);
    }

    @Test
    @DisplayName("a refused submission: SLURM's line alone when nothing was submitted, else with the jobs already in "
            + "SLURM and --resume")
    void refusedSubmission() throws IOException {
        answer("sbatch", 1, "", captured("sbatch-invalid-partition.stderr"), 1);
        String refused = "sbatch failed (exit 1): invalid partition specified: nosuch; Batch job submission failed: "
                + "Invalid partition name specified";
        assertThatThrownBy(() -> executor(DEFAULT, true).run(List.of(task("alpha", 1)))).hasMessage(refused);

        Files.delete(bin.resolve("sbatch.calls"));
        answer("sbatch", 1, "100\n", "", 0);
        answer("sbatch", 2, "", captured("sbatch-invalid-partition.stderr"), 1);
        assertThatThrownBy(() -> executor(DEFAULT, true).run(List.of(task("alpha", 2), task("alpha", 3))))
                .hasMessage(refused + "; the jobs already in SLURM for this comparison (100) run on: 'resnet-spi compare"
                        + " --out " + comparison + " --resume' waits for them and submits the rest");
    }

    @Test
    @DisplayName("sbatch missing from PATH is one line saying what to install, before anything is submitted")
    void missingSbatch() throws IOException {
        assertThatThrownBy(() -> executor(DEFAULT, true)).isInstanceOf(ResnetSpiException.class)
                .hasMessage("sbatch not found on PATH: SLURM's client commands are needed here (Debian: apt-get install "
                        + "-y slurm-client; a one-node test cluster: scripts/slurm-local.sh up)");
    }

    @Test
    @DisplayName("the batch script runs the cell's command and logs the job, the command and its exit code, as a "
            + "local cell's log does")
    void batchScript() throws Exception {
        answer("sbatch", 1, "100\n", "", 0);
        Cell cell = new Cell("no-such-backend", 1);
        CellFiles files = new ComparisonDirectory(comparison).cell(cell);
        CellTask t = new CellTask(cell, files, List.of("train", "--backend", "no-such-backend"), "cpu");
        executor(DEFAULT, false).run(List.of(t));

        ProcessBuilder pb = new ProcessBuilder("sh", files.dir().resolve(SlurmExecutor.SCRIPT).toString())
                .redirectErrorStream(true);
        pb.environment().putAll(Map.of("SLURM_JOB_ID", "77", "SLURM_RESTART_COUNT", "1"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = output.lines().toList();
        assertThat(lines.get(0)).matches("# \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ SLURM job 77 \\(restart 1\\) on \\S+, "
                + "device cpu");
        assertThat(lines.get(1)).isEqualTo("# " + ShellLine.of(t.command("cpu")));
        assertThat(output).contains(ChildJvm.ERROR_PREFIX + "unknown backend 'no-such-backend'");
        assertThat(lines).last().isEqualTo("# exit code " + p.exitValue());
        assertThat(p.exitValue()).isEqualTo(2);
    }

    private SlurmExecutor executor(Placement placement, boolean wait) {
        return SlurmExecutor.create(Map.of("PATH", bin.toString()), placement, "cpu", POLL, wait, comparison,
                new PrintWriter(console, true), false, Duration.ofMillis(50));
    }

    private CellTask task(String backend, long seed) {
        Cell c = new Cell(backend, seed);
        CellFiles f = new ComparisonDirectory(comparison).cell(c);
        return new CellTask(c, f, List.of("train", "--backend", backend, "--result-json", f.result().toString(),
                "--checkpoint", f.checkpoints().toString(), "--resume-if-present"), "cpu");
    }

    private static RunResult ok(Cell c) {
        return RunResult.ok(c.backend(), c.seed(), "engine", "1.0", "cpu", Map.of(), null,
                List.of(new EpochMetrics(1, 0.1, 0.5, 0.8, 0.8, 100, 1, 1.5, 100, 1L << 20)), 100,
                "loss 0.500, train acc 0.800, test acc 0.800, 100.0 examples/sec on cpu", 5);
    }

    private static void finished(CellTask t) throws IOException {
        JsonFiles.write(t.files().result(), ok(t.cell()));
    }

    private static void record(CellTask t, String jobId) throws IOException {
        JsonFiles.write(t.files().dir().resolve(SlurmExecutor.JOB_RECORD),
                new SlurmExecutor.JobRecord(jobId, SlurmExecutor.jobName(t.cell()), "2026-01-01T00:00:00Z"));
    }

    /** The console's lines that start with {@code prefix}, in order. */
    private List<String> lines(String prefix) {
        return console.toString().lines().filter(l -> l.startsWith(prefix)).toList();
    }

    private List<String> calls(String name) throws IOException {
        Path f = bin.resolve(name + ".args");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    private void answer(String name, int call, String stdout, String stderr, int code) throws IOException {
        answer(name, call, stdout, stderr, code, "");
    }

    /**
     * Scripts call {@code call} (from 1) of stand-in command {@code name}: it runs {@code effect} (a shell line), prints
     * {@code stdout} and {@code stderr} and exits with {@code code}; later calls repeat the last scripted one.
     */
    private void answer(String name, int call, String stdout, String stderr, int code, String effect) throws IOException {
        Path base = bin.resolve(name);
        Files.writeString(bin.resolve(name + "." + call + ".out"), stdout);
        Files.writeString(bin.resolve(name + "." + call + ".err"), stderr);
        Files.writeString(bin.resolve(name + "." + call + ".sh"), effect + "\nexit " + code + "\n");
        // only shell builtins and absolute paths: PATH holds nothing but this directory
        Files.writeString(base, "#!/bin/sh\nb='" + bin + "/" + name + "'\n"
                + "n=1; [ -e \"$b.calls\" ] && n=$(( $(/bin/cat \"$b.calls\") + 1 )); echo \"$n\" > \"$b.calls\"\n"
                + "echo \"$*\" >> \"$b.args\"\n"
                + "k=$n; while [ \"$k\" -gt 1 ] && [ ! -e \"$b.$k.sh\" ]; do k=$((k - 1)); done\n"
                + "/bin/cat \"$b.$k.out\"; /bin/cat \"$b.$k.err\" >&2; . \"$b.$k.sh\"\n");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String captured(String name) {
        try (InputStream in = SlurmExecutorTest.class.getResourceAsStream("/slurm-22.05/" + name)) {
            assertThat(in).as("test resource slurm-22.05/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
