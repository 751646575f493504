package io.github.resnetspi.cli.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.cli.exec.Slurm.JobRequest;
import io.github.resnetspi.cli.exec.Slurm.JobState;
import io.github.resnetspi.cli.exec.Slurm.JobStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parsing, against output captured from SLURM 22.05.8 (Debian 12's slurm-wlm) under src/test/resources/slurm-22.05:
 * from the one-node cluster of scripts/slurm-local.sh, and, for sacct, from the same cluster with slurmdbd on MariaDB.
 * The source order (controller, then accounting or the completion log) runs real processes: small shell scripts
 * standing in for the SLURM commands print that captured output.
 */
@DisplayName("Slurm: commands, parsing and error messages")
class SlurmTest {
    private static String captured(String name) {
        try (InputStream in = SlurmTest.class.getResourceAsStream("/slurm-22.05/" + name)) {
            assertThat(in).as("test resource slurm-22.05/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> byId(List<JobStatus> states) {
        return states.stream().collect(Collectors.toMap(JobStatus::jobId, s -> s.state() + " " + s.detail(),
                (a, b) -> b, java.util.LinkedHashMap::new));
    }

    @Nested
    @DisplayName("parsing captured output")
    class Parsing {
        @Test
        @DisplayName("squeue --states=all --array: one state and reason per job or array task")
        void squeue() {
            Map<String, String> s = byId(Slurm.parseSqueue(captured("squeue-states-all.txt")));
            assertThat(s).containsEntry("1", "COMPLETED ").containsEntry("2_0", "COMPLETED ")
                    .containsEntry("2_1", "COMPLETED ").containsEntry("4", "FAILED NonZeroExitCode")
                    .containsEntry("5", "TIMEOUT TimeLimit").containsEntry("7", "CANCELLED JobHeldUser")
                    .containsEntry("9", "CANCELLED ").containsEntry("8_0", "PENDING JobHeldUser").hasSize(11);
        }

        @Test
        @DisplayName("sacct --parsable2: 'CANCELLED by 0' is CANCELLED; a row of array tasks '7_[0,2-3]' is none of ours")
        void sacct() {
            Map<String, String> done = byId(Slurm.parseSacct(captured("sacct-finished.txt")));
            assertThat(done).containsEntry("1", "COMPLETED exit code 0:0").containsEntry("2", "FAILED exit code 3:0")
                    .containsEntry("3", "TIMEOUT exit code 0:0").containsEntry("5", "CANCELLED by 0, exit code 0:0")
                    .containsEntry("4_3", "COMPLETED exit code 0:0").doesNotContainKey("7_0").hasSize(9);
            Map<String, String> running = byId(Slurm.parseSacct(captured("sacct-while-running.txt")));
            assertThat(running).containsEntry("3", "RUNNING exit code 0:0").doesNotContainKey("4_1");
        }

        @Test
        @DisplayName("jobcomp/filetxt: array tasks by ArrayJobId_ArrayTaskId, with the exit code")
        void jobComp() {
            Map<String, String> s = byId(Slurm.parseJobComp(captured("jobcomp-filetxt.txt")));
            assertThat(s).containsEntry("2_0", "COMPLETED exit code 0:0").containsEntry("2_1", "COMPLETED exit code 0:0")
                    .containsEntry("4", "FAILED exit code 3:0").containsEntry("5", "TIMEOUT exit code 0:0")
                    .containsEntry("9", "CANCELLED exit code 0:0").doesNotContainKeys("2", "3").hasSize(8);
        }

        @Test
        @DisplayName("jobcomp/filetxt: the last record of a job wins (a requeued job ends more than once)")
        void jobCompRequeued() {
            String log = "JobId=12 Name=x JobState=PREEMPTED ExitCode=0:15\nJobId=12 Name=x JobState=COMPLETED ExitCode=0:0\n";
            assertThat(byId(Slurm.parseJobComp(log))).containsExactly(Map.entry("12", "COMPLETED exit code 0:0"));
        }

        @Test
        @DisplayName("scontrol show config: where finished jobs are recorded")
        void config() {
            Slurm.HistorySource local = Slurm.parseConfig(captured("scontrol-show-config.txt"));
            assertThat(local.accounting()).isFalse();
            assertThat(local.completionLog()).isEqualTo(Path.of("/tmp/resnetspi-slurm/log/jobcomp.txt"));
            assertThat(local.minJobAge()).isEqualTo("3600 sec");
            assertThat(Slurm.parseConfig(captured("scontrol-show-config-slurmdbd.txt")).accounting()).isTrue();
        }

        @Test
        @DisplayName("job states: every SLURM state by name; which ones are final")
        void states() {
            assertThat(JobState.parse("CANCELLED by 1000")).isEqualTo(JobState.CANCELLED);
            assertThat(JobState.parse("OUT_OF_MEMORY")).isEqualTo(JobState.OUT_OF_MEMORY);
            assertThat(JobState.parse("NOT_A_STATE")).isEqualTo(JobState.UNKNOWN);
            assertThat(JobState.parse("")).isEqualTo(JobState.UNKNOWN);
            assertThat(List.of(JobState.COMPLETED, JobState.FAILED, JobState.CANCELLED, JobState.TIMEOUT,
                    JobState.PREEMPTED, JobState.NODE_FAIL, JobState.OUT_OF_MEMORY)).allMatch(JobState::isFinished);
            assertThat(List.of(JobState.PENDING, JobState.RUNNING, JobState.COMPLETING, JobState.REQUEUED,
                    JobState.REQUEUE_HOLD, JobState.SPECIAL_EXIT, JobState.SUSPENDED, JobState.UNKNOWN))
                    .noneMatch(JobState::isFinished);
        }
    }

    @Nested
    @DisplayName("command lines")
    class CommandLines {
        @Test
        @DisplayName("sbatch gets every option given, extra ones after, the command last")
        void sbatch() {
            JobRequest r = JobRequest.wrap("cell-1", "java -cp a.jar Main train --backend x")
                    .workDir(Path.of("/w")).logs(Path.of("/w/cell-1.out"), Path.of("/w/cell-1.err"))
                    .placement("gpu", "02:00:00", "proj").gres("gpu:2")
                    .extraArgs(List.of("--qos=high", "--requeue")).build();
            assertThat(r.sbatchCommand()).containsExactly("sbatch", "--parsable", "--job-name=cell-1", "--chdir=/w",
                    "--output=/w/cell-1.out", "--error=/w/cell-1.err", "--partition=gpu", "--time=02:00:00",
                    "--account=proj", "--gres=gpu:2", "--qos=high", "--requeue",
                    "--wrap=java -cp a.jar Main train --backend x");
            assertThat(JobRequest.script("s", Path.of("/w/job.sh"), List.of("a", "b")).build().sbatchCommand())
                    .containsExactly("sbatch", "--parsable", "--job-name=s", "/w/job.sh", "a", "b");
        }

        @Test
        @DisplayName("a job needs a name and exactly one of a script or a --wrap command")
        void invalidRequests() {
            assertThatThrownBy(() -> JobRequest.wrap(" ", "true").build()).hasMessageContaining("needs a name");
            assertThatThrownBy(() -> JobRequest.wrap("x", "").build()).hasMessageContaining("either a script or a --wrap");
            assertThatThrownBy(() -> new JobRequest("x", null, null, null, "", "", "", "", List.of(),
                    Path.of("/s.sh"), List.of(), "true")).hasMessageContaining("not both");
        }

        @Test
        @DisplayName("logged command lines can be pasted into a shell")
        void shellLine() {
            assertThat(Slurm.shellLine(List.of("sbatch", "--job-name=a", "--wrap=sleep 2; echo 'ok' > f")))
                    .isEqualTo("sbatch --job-name=a '--wrap=sleep 2; echo '\\''ok'\\'' > f'");
        }
    }

    @Nested
    @DisplayName("error messages from captured stderr")
    class Errors {
        private String message(String command, int code, String stderrFile) {
            return Slurm.failure(List.of(command), new Slurm.Result(code, "", captured(stderrFile))).getMessage();
        }

        @Test
        @DisplayName("sbatch refusing a job: SLURM's own reason")
        void rejected() {
            assertThat(message("sbatch", 1, "sbatch-invalid-partition.stderr")).isEqualTo("sbatch failed (exit 1): "
                    + "invalid partition specified: nosuch; Batch job submission failed: Invalid partition name specified");
            assertThat(message("sbatch", 255, "sbatch-unrecognized-option.stderr"))
                    .isEqualTo("sbatch failed (exit 255): unrecognized option '--bogus-opt'");
        }

        @Test
        @DisplayName("daemons down or no configuration: what to check")
        void down() {
            assertThat(message("squeue", 1, "squeue-controller-down.stderr"))
                    .contains("Unable to contact slurm controller").contains("slurmctld is not reachable");
            assertThat(message("sbatch", 1, "sbatch-munge-down.stderr"))
                    .contains("Protocol authentication error").contains("is munged running");
            assertThat(message("squeue", 1, "squeue-no-configuration.stderr"))
                    .contains("Could not establish a configuration source").contains("set SLURM_CONF");
            assertThat(message("sbatch", 1, "sbatch-munge-down.stderr")).doesNotContain("\n");
        }
    }

    @Nested
    @DisplayName("against stand-in commands")
    class StandIns {
        @TempDir
        Path dir;
        final List<String> log = new ArrayList<>();

        /** An executable {@code name} in dir/bin that records its arguments and prints {@code stdout}. */
        private void command(String name, String stdout, String stderr, int code) throws IOException {
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Files.writeString(dir.resolve(name + ".out"), stdout);
            Files.writeString(dir.resolve(name + ".err"), stderr);
            Path script = bin.resolve(name);
            Files.writeString(script, "#!/bin/sh\necho \"$*\" >> '" + dir.resolve(name + ".args") + "'\n"
                    + "/bin/cat '" + dir.resolve(name + ".out") + "'\n/bin/cat '" + dir.resolve(name + ".err") + "' >&2\nexit "
                    + code + "\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        private Slurm slurm() {
            return new Slurm(Map.of("PATH", dir.resolve("bin").toString()), log::add);
        }

        private String args(String name) throws IOException {
            return Files.readString(dir.resolve(name + ".args")).strip();
        }

        @Test
        @DisplayName("submit returns sbatch's job id; the command is logged first")
        void submit() throws IOException {
            command("sbatch", "42;resnetspi\n", "", 0);
            Slurm.SubmittedJob job = slurm().submit(JobRequest.wrap("cell", "sleep 1").build());
            assertThat(job.jobId()).isEqualTo("42");
            assertThat(log).containsExactly("$ PATH=" + dir.resolve("bin")
                    + " sbatch --parsable --job-name=cell '--wrap=sleep 1'");
            assertThat(args("sbatch")).isEqualTo("--parsable --job-name=cell --wrap=sleep 1");
        }

        @Test
        @DisplayName("sbatch printing no job id is an error, not a job")
        void noJobId() throws IOException {
            command("sbatch", "Submitted batch job 42\n", "", 0);
            assertThatThrownBy(() -> slurm().submit(JobRequest.wrap("cell", "true").build()))
                    .isInstanceOf(ResnetSpiException.class).hasMessageContaining("instead of a job id");
        }

        @Test
        @DisplayName("jobs slurmctld forgot come from the jobcomp/filetxt log; jobs no source knows are UNKNOWN")
        void completionLogFallback() throws IOException {
            command("squeue", "1|COMPLETED|None\n", "", 0);
            Path jobcomp = dir.resolve("jobcomp.txt");
            Files.writeString(jobcomp, captured("jobcomp-filetxt.txt"));
            command("scontrol", captured("scontrol-show-config.txt")
                    .replace("/tmp/resnetspi-slurm/log/jobcomp.txt", jobcomp.toString()), "", 0);
            Map<String, JobStatus> s = slurm().states(List.of("1", "4", "2", "42"));
            assertThat(s.get("1").source()).isEqualTo("squeue");
            assertThat(s.get("4").state()).isEqualTo(JobState.FAILED);
            assertThat(s.get("4").source()).isEqualTo("jobcomp");
            assertThat(s.get("2_0").state()).isEqualTo(JobState.COMPLETED);
            assertThat(s.get("2_1").state()).isEqualTo(JobState.COMPLETED);
            assertThat(s.get("42").state()).isEqualTo(JobState.UNKNOWN);
            assertThat(s.get("42").detail()).contains("MinJobAge=3600 sec").contains("not in the job completion log");
            assertThat(args("squeue")).isEqualTo("--noheader --states=all --array --jobs=1,4,2,42 --format=%i|%T|%r");
            assertThat(log).contains("$ read " + jobcomp + " (JobCompType=jobcomp/filetxt)");
        }

        @Test
        @DisplayName("with accounting, sacct is asked for the jobs slurmctld no longer knows")
        void accountingFallback() throws IOException {
            command("squeue", "", "slurm_load_jobs error: Invalid job id specified\n", 1);
            command("scontrol", captured("scontrol-show-config-slurmdbd.txt"), "", 0);
            command("sacct", captured("sacct-finished.txt"), "", 0);
            Map<String, JobStatus> s = slurm().states(List.of("2", "7"));
            assertThat(s.get("2").state()).isEqualTo(JobState.FAILED);
            assertThat(s.get("2").detail()).isEqualTo("exit code 3:0");
            assertThat(s).doesNotContainKeys("1", "4_0");
            assertThat(args("sacct")).isEqualTo("--noheader --parsable2 --allocations --jobs=2,7 "
                    + "--format=JobID,State,ExitCode");
        }

        @Test
        @DisplayName("a SLURM command missing from PATH is one line saying what to install")
        void missingCommand() {
            assertThatThrownBy(() -> slurm().cancel(List.of("3")))
                    .isInstanceOf(ResnetSpiException.class)
                    .hasMessage("scancel not found on PATH: SLURM's client commands are needed here (Debian: apt-get "
                            + "install -y slurm-client; a one-node test cluster: scripts/slurm-local.sh up)");
        }

        @Test
        @DisplayName("squeue failing otherwise (controller down) is an error, not an empty answer")
        void controllerDown() throws IOException {
            command("squeue", "", captured("squeue-controller-down.stderr"), 1);
            assertThatThrownBy(() -> slurm().states(List.of("3"))).isInstanceOf(ResnetSpiException.class)
                    .hasMessageStartingWith("squeue failed (exit 1): slurm_load_jobs error: Unable to contact slurm");
        }

        @Test
        @DisplayName("ids that are not SLURM job ids are refused before any command runs")
        void badIds() {
            assertThatThrownBy(() -> slurm().cancel(List.of("3; rm -rf /"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a SLURM job id");
            assertThat(log).isEmpty();
        }
    }
}
