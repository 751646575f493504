package io.github.resnetspi.cli.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.cli.exec.Slurm.JobRequest;
import io.github.resnetspi.cli.exec.Slurm.JobState;
import io.github.resnetspi.cli.exec.Slurm.JobStatus;
import io.github.resnetspi.cli.exec.Slurm.SubmittedJob;
import io.github.resnetspi.cli.testing.LocalSlurmCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link Slurm} against real slurmctld/slurmd/munged daemons: a one-node cluster started by scripts/slurm-local.sh
 * in a private state directory and on free ports ({@link LocalSlurmCluster}), so it disturbs no other cluster on the
 * host. Where the daemons cannot start (packages missing, not root) every test fails with the script's reason.
 */
@DisplayName("Slurm on a one-node cluster started by scripts/slurm-local.sh")
class SlurmLocalClusterTest {
    private static final Duration JOB_DEADLINE = Duration.ofMinutes(2);
    private static final Set<JobState> ON_THE_WAY = EnumSet.of(JobState.PENDING, JobState.CONFIGURING,
            JobState.RUNNING, JobState.COMPLETING);

    private static LocalSlurmCluster cluster;
    private static Path jobDir;
    private static Slurm slurm;
    private static final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void up() throws IOException {
        jobDir = Files.createDirectories(Path.of("target", "slurm-jobs").toAbsolutePath());
        try (DirectoryStream<Path> old = Files.newDirectoryStream(jobDir)) { // a fresh cluster reuses job ids
            for (Path f : old) {
                Files.delete(f);
            }
        }
        cluster = LocalSlurmCluster.start();
        slurm = new Slurm(cluster.clientEnvironment(), line -> {
            System.out.println("[slurm] " + line);
            log.add(line);
        });
    }

    @AfterAll
    static void down() throws IOException {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    @DisplayName("two jobs go PENDING/RUNNING → COMPLETED, write their files and their logs")
    void twoJobsComplete() throws IOException {
        List<Path> files = List.of(jobDir.resolve("ok-1.txt"), jobDir.resolve("ok-2.txt"));
        List<String> ids = new ArrayList<>();
        for (Path f : files) {
            Files.deleteIfExists(f);
            ids.add(slurm.submit(JobRequest.wrap("resnetspi-it-ok", "echo started; sleep 2; echo ok > " + f)
                    .logs(jobDir.resolve("ok-%j.out"), null).build()).jobId());
        }
        Map<String, List<JobState>> seen = watch(ids, s -> s.state().isFinished());
        for (int i = 0; i < ids.size(); i++) {
            List<JobState> states = seen.get(ids.get(i));
            assertThat(states).as("states of job %s", ids.get(i)).last().isEqualTo(JobState.COMPLETED);
            assertThat(states.subList(0, states.size() - 1)).as("states of job %s before it ended", ids.get(i))
                    .isNotEmpty().allMatch(ON_THE_WAY::contains);
            assertThat(Files.readString(files.get(i)).strip()).isEqualTo("ok");
            assertThat(Files.readString(jobDir.resolve("ok-" + ids.get(i) + ".out")).strip()).isEqualTo("started");
        }
        assertThat(log).anyMatch(l -> l.startsWith("$ SLURM_CONF=") && l.contains(" sbatch --parsable --job-name=resnetspi-it-ok"));
    }

    @Test
    @DisplayName("a long job cancelled with scancel ends CANCELLED; its log says so")
    void cancelledJob() throws IOException {
        SubmittedJob job = slurm.submit(JobRequest.wrap("resnetspi-it-long", "echo started; exec sleep 600")
                .logs(jobDir.resolve("long-%j.out"), null).build());
        Path out = jobDir.resolve("long-" + job.jobId() + ".out");
        watch(List.of(job.jobId()), s -> s.state() == JobState.RUNNING && contains(out, "started"));
        slurm.cancel(List.of(job.jobId()));
        assertThat(watch(List.of(job.jobId()), s -> s.state().isFinished()).get(job.jobId()))
                .last().isEqualTo(JobState.CANCELLED);
        assertThat(log).contains("$ SLURM_CONF=" + cluster.conf() + " scancel " + job.jobId());
        assertThat(Files.readString(out)).contains("started").contains("JOB " + job.jobId()).contains("CANCELLED AT");
    }

    @Test
    @DisplayName("a job exiting non-zero is FAILED; its stderr goes to its error log")
    void failedJob() throws IOException {
        SubmittedJob job = slurm.submit(JobRequest.wrap("resnetspi-it-fail", "echo about to fail >&2; exit 3")
                .logs(jobDir.resolve("fail-%j.out"), jobDir.resolve("fail-%j.err")).build());
        watch(List.of(job.jobId()), s -> s.state().isFinished());
        JobStatus status = slurm.states(List.of(job.jobId())).get(job.jobId());
        assertThat(status.state()).isEqualTo(JobState.FAILED);
        assertThat(status.detail()).isEqualTo("NonZeroExitCode");
        assertThat(status.source()).isEqualTo("squeue");
        assertThat(Files.readString(jobDir.resolve("fail-" + job.jobId() + ".err")).strip()).isEqualTo("about to fail");
    }

    @Test
    @DisplayName("sbatch refusing a job is one error line with SLURM's reason")
    void rejectedJob() {
        assertThatThrownBy(() -> slurm.submit(JobRequest.wrap("resnetspi-it-bad", "true")
                .placement("no-such-partition", "", "").build()))
                .isInstanceOf(ResnetSpiException.class)
                .hasMessage("sbatch failed (exit 1): invalid partition specified: no-such-partition; "
                        + "Batch job submission failed: Invalid partition name specified");
    }

    @Test
    @DisplayName("a job id the cluster never had is UNKNOWN, after squeue and the completion log were asked")
    void unknownJob() {
        JobStatus status = slurm.states(List.of("987654")).get("987654");
        assertThat(status.state()).isEqualTo(JobState.UNKNOWN);
        assertThat(status.detail()).contains("MinJobAge=3600 sec").contains("not in the job completion log "
                + cluster.completionLog());
        assertThat(log).contains("$ read " + cluster.completionLog() + " (JobCompType=jobcomp/filetxt)");
    }

    /**
     * Polls the jobs' states every 500 ms until {@code done} holds for each, recording every state seen (each
     * change once); fails after {@link #JOB_DEADLINE} with what was seen.
     */
    private static Map<String, List<JobState>> watch(List<String> ids, Predicate<JobStatus> done) {
        Map<String, List<JobState>> seen = new LinkedHashMap<>();
        ids.forEach(id -> seen.put(id, new ArrayList<>()));
        Instant deadline = Instant.now().plus(JOB_DEADLINE);
        while (true) {
            Map<String, JobStatus> now = slurm.states(ids);
            boolean all = true;
            for (String id : ids) {
                JobStatus s = now.get(id);
                assertThat(s).as("state of job %s in %s", id, now).isNotNull();
                List<JobState> states = seen.get(id);
                if (states.isEmpty() || states.get(states.size() - 1) != s.state()) {
                    states.add(s.state());
                }
                all &= done.test(s);
            }
            if (all) {
                return seen;
            }
            if (Instant.now().isAfter(deadline)) {
                fail("jobs " + ids + " not done within " + JOB_DEADLINE + "; states seen: " + seen + ", now: " + now);
            }
            sleep(500);
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for SLURM jobs", e);
        }
    }
}
