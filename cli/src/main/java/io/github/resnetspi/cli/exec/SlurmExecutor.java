package io.github.resnetspi.cli.exec;

import io.github.resnetspi.api.Causes;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.cli.cell.Cell;
import io.github.resnetspi.cli.cell.JsonFiles;
import io.github.resnetspi.cli.cell.RunResult;
import io.github.resnetspi.cli.exec.Slurm.JobRequest;
import io.github.resnetspi.cli.exec.Slurm.JobState;
import io.github.resnetspi.cli.exec.Slurm.JobStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs cells as SLURM batch jobs, one job per cell: each cell's command (the same child JVM command the local
 * executor runs) goes into a batch script in the cell's directory, submitted with {@code sbatch}; the job's output
 * is appended to the cell's {@code output.log}. The job id is recorded beside it ({@value #JOB_RECORD}), so that a
 * later {@code compare --resume} waits for a cell whose job is still queued or running instead of submitting it
 * again. Cells are submitted with {@code --requeue} and train with {@code --resume-if-present}: a job that SLURM
 * requeues (preemption, a node failure) continues from the cell's newest checkpoint, or starts afresh without one.
 *
 * <p>While waiting, the states come from {@link Slurm#states} every poll interval, with one line per change. A cell's
 * outcome is its result file first (written by its {@code train}) and SLURM's state second: a job that ended without
 * a result (FAILED, TIMEOUT, CANCELLED, OUT_OF_MEMORY, …, or one SLURM no longer knows) is recorded as a failed cell
 * with that state and the last lines of its log. Why jobs rather than one job array: see docs/scale.md §3.2.
 */
public final class SlurmExecutor implements Executor {
    public static final String NAME = "slurm";
    /** The cell's batch script, in its directory (sbatch stores a copy of it at submission). */
    public static final String SCRIPT = "slurm-job.sh";
    /** The cell's latest job, in its directory: its id, name and submission time. */
    public static final String JOB_RECORD = "slurm-job.json";
    /** sbatch options every cell gets before the user's: a requeued job appends to the log and may run again. */
    static final List<String> FIXED_OPTIONS = List.of("--open-mode=append", "--requeue");
    /** Polls in a row that may fail (slurmctld restarting, a network blip) before the wait gives up. */
    static final int POLL_FAILURES = 3;
    /**
     * How long a COMPLETED job's result file may take to show here: an NFS client caches that a file is absent for up
     * to a minute (acdirmax) after it was last told so.
     */
    static final Duration RESULT_GRACE = Duration.ofSeconds(60);
    /** Lines of a failed cell's log that go into its report row. */
    static final int LOG_TAIL = 3;
    private static final int LOG_LINE_CHARS = 200;

    /**
     * Where and how cells run: sbatch's {@code --partition}, {@code --time}, {@code --account} and {@code --gres}
     * (empty strings leave them to the cluster's defaults) and the user's further sbatch options, passed as they are.
     */
    public record Placement(String partition, String time, String account, String gres, List<String> sbatchArgs) {
        public Placement {
            sbatchArgs = List.copyOf(sbatchArgs);
        }
    }

    /** What {@value #JOB_RECORD} holds. */
    record JobRecord(String jobId, String jobName, String submitted) {
    }

    private final Slurm slurm;
    private final Placement placement;
    private final String cellDevice;
    private final Path workDir;
    private final Duration poll;
    private final boolean wait;
    private final Path comparison;
    private final PrintWriter out;
    private final Duration resultGrace;

    private SlurmExecutor(Slurm slurm, Placement placement, String cellDevice, Path workDir, Duration poll, boolean wait,
            Path comparison, PrintWriter out, Duration resultGrace) {
        this.slurm = slurm;
        this.placement = placement;
        this.cellDevice = cellDevice;
        this.workDir = workDir;
        this.poll = poll;
        this.wait = wait;
        this.comparison = comparison;
        this.out = out;
        this.resultGrace = resultGrace;
    }

    /**
     * An executor submitting through SLURM's commands, which must be on {@code PATH} (else one line saying what to
     * install). Every SLURM command line is printed before it runs; with {@code verbose} every poll's, else each
     * distinct line once.
     *
     * @param environment added to this process's environment for the SLURM commands ({@code SLURM_CONF}, {@code PATH})
     * @param device      the device each cell asks for: {@code gpu} (the first GPU SLURM gave the job), {@code cpu}
     *                    or {@code auto}
     * @param poll        time between two state polls while waiting
     * @param wait        false: submit and return ({@code --no-wait})
     * @param comparison  the comparison's directory, named in follow-up advice
     */
    public static SlurmExecutor create(Map<String, String> environment, Placement placement, String device,
            Duration poll, boolean wait, Path comparison, PrintWriter out, boolean verbose) {
        return create(environment, placement, device, poll, wait, comparison, out, verbose, RESULT_GRACE);
    }

    /** {@link #create} with another wait for the result of a COMPLETED job (tests). */
    static SlurmExecutor create(Map<String, String> environment, Placement placement, String device, Duration poll,
            boolean wait, Path comparison, PrintWriter out, boolean verbose, Duration resultGrace) {
        Slurm slurm = new Slurm(environment, commandEcho(out, verbose));
        slurm.requireCommands("sbatch", "squeue", "scontrol");
        Path workDir = Path.of("").toAbsolutePath();
        for (Path p : List.of(comparison.toAbsolutePath().normalize(), workDir)) {
            if (p.startsWith("/tmp") || p.startsWith("/var/tmp")) {
                say(out, "[slurm] note: " + p + " is in this host's " + (p.startsWith("/tmp") ? "/tmp" : "/var/tmp")
                        + ", yet every node that runs a cell must see it at the same path: fine on a one-node cluster,"
                        + " else use a shared file system");
            }
        }
        return new SlurmExecutor(slurm, placement, device, workDir, poll, wait, comparison, out, resultGrace);
    }

    /** Each command line onto {@code out}; without {@code verbose} a line already shown (a repeated poll) is not. */
    static Consumer<String> commandEcho(PrintWriter out, boolean verbose) {
        Set<String> shown = new HashSet<>();
        return line -> {
            boolean fresh;
            synchronized (shown) {
                fresh = shown.add(line);
            }
            if (verbose || fresh) {
                say(out, "[slurm] " + line);
            }
        };
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean run(List<CellTask> tasks) throws IOException {
        if (tasks.isEmpty()) {
            return true;
        }
        Map<CellTask, String> recorded = new LinkedHashMap<>();
        for (CellTask t : tasks) {
            readRecord(t).ifPresent(r -> recorded.put(t, r.jobId()));
        }
        // One query for every job an earlier submission recorded: those still queued or running are waited for.
        Map<String, JobStatus> states = recorded.isEmpty() ? Map.of()
                : slurm.states(List.copyOf(new LinkedHashSet<>(recorded.values())));
        List<Job> jobs = new ArrayList<>();
        for (CellTask t : tasks) {
            JobStatus s = recorded.containsKey(t) ? states.get(recorded.get(t)) : null;
            if (s != null && !ended(s)) {
                t.files().prepareRun();
                say(prefix(t) + "job " + s.jobId() + " is still " + s.state() + " in SLURM: waiting for it, not resubmitting");
                jobs.add(new Job(t, s.jobId(), s.state()));
            } else {
                jobs.add(submit(t, jobs));
            }
        }
        if (!wait) {
            List<String> ids = jobs.stream().map(j -> j.id).toList();
            say("[slurm] " + jobs.size() + " cell" + (jobs.size() == 1 ? "" : "s") + " in SLURM: " + String.join(", ",
                    jobs.stream().map(j -> j.task.cell().label() + " = job " + j.id).toList()));
            say("[slurm] follow them with: squeue --jobs=" + String.join(",", ids));
            return false;
        }
        await(jobs);
        return true;
    }

    /** The cell's recorded job; none when there is no record, or it cannot be read (the cell is then submitted). */
    private static Optional<JobRecord> readRecord(CellTask t) {
        Path file = t.files().dir().resolve(JOB_RECORD);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JobRecord r = JsonFiles.read(file, JobRecord.class);
            return r != null && r.jobId() != null && r.jobId().matches("[0-9]+") ? Optional.of(r) : Optional.empty();
        } catch (IOException e) { // JsonFiles.read reports a file that is not a job record as InvalidJson
            return Optional.empty();
        }
    }

    private Job submit(CellTask t, List<Job> before) throws IOException {
        t.files().prepareRun();
        String name = jobName(t.cell());
        List<String> options = new ArrayList<>(FIXED_OPTIONS);
        options.addAll(placement.sbatchArgs());
        JobRequest request = JobRequest.script(name, writeScript(t).toAbsolutePath(), List.of()).workDir(workDir)
                .logs(Path.of(t.files().log().toAbsolutePath().toString().replace("%", "%%")), null)
                .placement(placement.partition(), placement.time(), placement.account())
                .gres(placement.gres()).extraArgs(options).build();
        String id;
        try {
            id = slurm.submit(request).jobId();
        } catch (ResnetSpiException e) {
            if (before.isEmpty()) {
                throw e;
            }
            throw new ResnetSpiException(e.getMessage() + "; the jobs already in SLURM for this comparison ("
                    + String.join(", ", before.stream().map(j -> j.id).toList()) + ") run on: 'resnet-spi compare --out "
                    + comparison + " --resume' waits for them and submits the rest", e);
        }
        JsonFiles.write(t.files().dir().resolve(JOB_RECORD), new JobRecord(id, name, Instant.now().toString()));
        say(prefix(t) + "submitted as job " + id + (t.resumes() ? ", continuing from its last checkpoint" : ""));
        return new Job(t, id, null);
    }

    /** {@code resnetspi-djl-pytorch-seed-2}: what squeue shows for the cell. */
    static String jobName(Cell c) {
        return "resnetspi-" + c.backend() + "-seed-" + c.seed();
    }

    /**
     * Writes the cell's batch script: the defaults of a child's environment, a header line with the job and host, the
     * command line, then the command and its exit code (as the local executor logs them).
     */
    private Path writeScript(CellTask t) throws IOException {
        List<String> cmd = t.command(cellDevice);
        String line = ShellLine.of(cmd);
        StringBuilder sb = new StringBuilder("#!/bin/sh\n");
        sb.append("# Cell '").append(t.cell().label()).append("' of a resnet-spi comparison, written by 'compare --executor"
                + " slurm'.\n# sbatch keeps a copy: a requeued job runs it again, and train --resume-if-present continues"
                + " from the\n# cell's newest checkpoint (or starts afresh without one).\n");
        ChildJvm.defaultEnvironment().forEach((k, v) -> sb.append(k).append("=\"${").append(k).append(":-").append(v)
                .append("}\"; export ").append(k).append('\n'));
        sb.append("printf '%s\\n' \"# $(date -u +%Y-%m-%dT%H:%M:%SZ) SLURM job ${SLURM_JOB_ID:-?} (restart"
                + " ${SLURM_RESTART_COUNT:-0}) on $(hostname), device ").append(cellDevice).append("\"\n");
        sb.append("printf '%s\\n' ").append(ShellLine.of(List.of("# " + line))).append('\n');
        sb.append(line).append('\n');
        sb.append("code=$?\nprintf '# exit code %s\\n' \"$code\"\nexit \"$code\"\n");
        Path script = t.files().dir().resolve(SCRIPT);
        Files.writeString(script, sb.toString(), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** Polls until every job has ended, printing each change of state and each cell's outcome. */
    private void await(List<Job> jobs) throws IOException {
        List<Job> open = new ArrayList<>(jobs);
        int failures = 0;
        while (!open.isEmpty()) {
            List<String> ids = open.stream().map(j -> j.id).toList();
            Map<String, JobStatus> now;
            try {
                now = slurm.states(ids);
                failures = 0;
            } catch (ResnetSpiException e) {
                if (++failures >= POLL_FAILURES) {
                    throw new ResnetSpiException("lost contact with SLURM: " + failures + " polls in a row failed, the last"
                            + " with: " + e.getMessage() + "; the jobs (" + String.join(", ", ids) + ") are not cancelled:"
                            + " 'resnet-spi compare --out " + comparison + " --resume' waits for them again", e);
                }
                say("[slurm] polling failed (" + e.getMessage() + "); trying again in " + seconds(poll));
                sleep();
                continue;
            }
            for (Job j : open) {
                j.observe(now.getOrDefault(j.id, new JobStatus(j.id, JobState.UNKNOWN, "not in SLURM's answer", "none")));
            }
            open.removeIf(j -> j.ended);
            if (!open.isEmpty()) {
                sleep();
            }
        }
    }

    /**
     * Whether a job will not run again by itself: a final state, or a job no source knows any more (an unrecognised
     * state that squeue printed is a live job).
     */
    static boolean ended(JobStatus s) {
        return s.state().isFinished() || (s.state() == JobState.UNKNOWN && "none".equals(s.source()));
    }

    /** One cell's job while it is watched. */
    private final class Job {
        final CellTask task;
        final String id;
        JobState last;
        Instant completedWithoutResult;
        boolean ended;

        Job(CellTask task, String id, JobState last) {
            this.task = task;
            this.id = id;
            this.last = last;
        }

        void observe(JobStatus s) throws IOException {
            if (s.state() != last) {
                say(prefix(task) + "job " + id + ": " + (last == null ? "" : last + " → ") + s.state()
                        + (s.detail().isEmpty() ? "" : " (" + s.detail() + ")"));
                last = s.state();
            }
            if (!SlurmExecutor.ended(s)) {
                return;
            }
            RunResult r = task.files().read();
            if (r.ok()) {
                say(String.format(Locale.ROOT, "%sfinished in %.0f s: %s", prefix(task), r.wallSeconds(), r.d2lLine()));
                ended = true;
                return;
            }
            if (s.state() == JobState.COMPLETED && !Files.exists(task.files().result())) {
                // The job's train wrote its result on another node; a shared file system may show it here late.
                Instant now = Instant.now();
                if (completedWithoutResult == null) {
                    completedWithoutResult = now;
                }
                if (now.isBefore(completedWithoutResult.plus(resultGrace))) {
                    return;
                }
            }
            String error = failure(task, s, r);
            task.files().recordFailure(error, 0);
            say(prefix(task) + "FAILED: " + error);
            ended = true;
        }
    }

    /**
     * A failed cell's report row: SLURM's state and detail, the error the cell's JVM reported (a crash, our error
     * line) and the last lines of its log.
     *
     * @param result what the cell's result file holds: missing, or failed (unreadable, another cell's)
     */
    static String failure(CellTask task, JobStatus s, RunResult result) {
        Path log = task.files().log();
        List<String> lines = List.of();
        try {
            if (Files.exists(log)) {
                lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            lines = List.of("(cannot read the log: " + Causes.of(e) + ")");
        }
        String detail = s.detail().isEmpty() ? "" : " (" + s.detail() + ")";
        String what = switch (s.state()) {
            case UNKNOWN -> "SLURM job " + s.jobId() + " is UNKNOWN" + (s.detail().isEmpty() ? "" : ": " + s.detail());
            case COMPLETED -> "SLURM job " + s.jobId() + " COMPLETED" + detail + (RunResult.MISSING.equals(result.status())
                    ? " without the cell's " + task.files().result().getFileName() : ", but " + result.error());
            default -> "SLURM job " + s.jobId() + " ended " + s.state() + detail;
        };
        String reported = ChildJvm.reportedError(lines, "").map(e -> ": " + e).orElse("");
        List<String> tail = lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        tail = tail.subList(Math.max(0, tail.size() - LOG_TAIL), tail.size()).stream()
                .map(l -> l.length() > LOG_LINE_CHARS ? l.substring(0, LOG_LINE_CHARS) + "…" : l).toList();
        Path name = task.cell().relativeDir().resolve(log.getFileName());
        return what + reported + (tail.isEmpty() ? "; its log " + name + " is empty or missing"
                : "; last lines of " + name + ": " + String.join(" | ", tail));
    }

    private static String prefix(CellTask t) {
        return "[" + t.cell().label() + "] ";
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private void sleep() throws IOException {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for SLURM jobs (they are not cancelled)", e);
        }
    }

    private void say(String line) {
        say(out, line);
    }

    private static void say(PrintWriter out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
