package io.github.resnetspi.cli.exec;

import io.github.resnetspi.api.Causes;
import io.github.resnetspi.api.ResnetSpiException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SLURM's own commands ({@code sbatch}, {@code squeue}, {@code scontrol}, {@code sacct}, {@code scancel}) run as
 * child processes: the one place that talks to a cluster. Every command line is passed to the log before it runs,
 * so a run's output shows exactly what was asked of SLURM.
 *
 * <p>Job states come from the controller first ({@code squeue --states=all}: pending, running, and finished jobs for
 * {@code MinJobAge} seconds after they end), then, for jobs it no longer knows, from accounting ({@code sacct}) where
 * the cluster has it, else from the {@code jobcomp/filetxt} completion log where that is configured and readable
 * (as on the one-node cluster of {@code scripts/slurm-local.sh}, which has no accounting database). Which of the two
 * applies is read once from {@code scontrol show config}. See docs/scale.md.
 */
public final class Slurm {
    /** How long one SLURM command may take; with slurmctld down the clients retry for 10–20 s before failing. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern JOB_ID = Pattern.compile("[0-9]+(_[0-9]+)?");
    private static final Pattern JOBCOMP_FIELD = Pattern.compile("(\\w+)=(\\S*)");

    private final Map<String, String> environment;
    private final Consumer<String> log;
    private HistorySource history;

    /** Runs the commands found on {@code PATH}, with this process's environment. */
    public Slurm(Consumer<String> log) {
        this(Map.of(), log);
    }

    /**
     * @param environment added to (or replacing) this process's environment for every command, e.g. {@code SLURM_CONF}
     * @param log receives each command line before it runs (prefixed {@code "$ "}); SLURM's warnings go to it too
     */
    public Slurm(Map<String, String> environment, Consumer<String> log) {
        this.environment = Map.copyOf(environment);
        this.log = Objects.requireNonNull(log, "log");
    }

    /** A SLURM job state as {@code squeue}, {@code sacct} and the completion log name it. */
    public enum JobState {
        PENDING, CONFIGURING, RUNNING, COMPLETING, SUSPENDED, STOPPED, SIGNALING, STAGE_OUT, RESIZING,
        REQUEUED, REQUEUE_FED, REQUEUE_HOLD, RESV_DEL_HOLD, SPECIAL_EXIT,
        COMPLETED, FAILED, CANCELLED, TIMEOUT, PREEMPTED, NODE_FAIL, OUT_OF_MEMORY, BOOT_FAIL, DEADLINE, REVOKED,
        /** SLURM printed a state this class does not know, or no source knows the job any more. */
        UNKNOWN;

        private static final Set<JobState> FINISHED = EnumSet.of(COMPLETED, FAILED, CANCELLED, TIMEOUT, PREEMPTED,
                NODE_FAIL, OUT_OF_MEMORY, BOOT_FAIL, DEADLINE, REVOKED);

        /**
         * True when the job will not run again by itself. A requeued or held job is not finished: it can still run
         * (after {@code scontrol release}); PREEMPTED is, since a requeueing cluster shows REQUEUED/PENDING instead.
         */
        public boolean isFinished() {
            return FINISHED.contains(this);
        }

        /** {@code "CANCELLED by 0"} (sacct) is CANCELLED; anything unrecognised is UNKNOWN. */
        static JobState parse(String text) {
            String word = text.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
            try {
                return word.isEmpty() ? UNKNOWN : valueOf(word);
            } catch (IllegalArgumentException notAState) {
                return UNKNOWN;
            }
        }
    }

    /**
     * One job's state. {@code jobId} is SLURM's id ({@code 12}, or {@code 12_3} for task 3 of array job 12);
     * {@code detail} is what SLURM says besides the state (squeue's reason, an exit code, or why it is UNKNOWN);
     * {@code source} is the command or file it came from.
     */
    public record JobStatus(String jobId, JobState state, String detail, String source) {
    }

    /** A submitted job: its id. */
    public record SubmittedJob(String jobId) {
    }

    /**
     * What to submit, made by a {@link Builder}: start from {@link #wrap} or {@link #script}, add the options, then
     * {@link Builder#build()}. Empty strings and null paths mean "not given": SLURM's defaults (or the cluster's) apply.
     *
     * @param output {@code --output}; may contain SLURM's patterns ({@code %j} job id)
     * @param error {@code --error}; null: stderr goes to the output file
     * @param gres {@code --gres}, e.g. {@code gpu:2}
     * @param extraArgs further sbatch options, passed as they are and after the others
     * @param script a batch script to run (with {@code scriptArgs}); else {@code wrap} is the command
     */
    public record JobRequest(String name, Path workDir, Path output, Path error, String partition, String time,
            String account, String gres, List<String> extraArgs, Path script, List<String> scriptArgs, String wrap) {
        public JobRequest {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a SLURM job needs a name");
            }
            if ((script == null) == (wrap == null || wrap.isBlank())) {
                throw new IllegalArgumentException("a SLURM job needs either a script or a --wrap command, not both");
            }
            partition = Objects.requireNonNullElse(partition, "");
            time = Objects.requireNonNullElse(time, "");
            account = Objects.requireNonNullElse(account, "");
            gres = Objects.requireNonNullElse(gres, "");
            extraArgs = List.copyOf(extraArgs);
            scriptArgs = List.copyOf(scriptArgs);
            wrap = Objects.requireNonNullElse(wrap, "");
        }

        /** A job running {@code command} through {@code sbatch --wrap} (a {@code sh -c} command line). */
        public static Builder wrap(String name, String command) {
            Builder b = new Builder(name);
            b.wrap = command;
            return b;
        }

        /** A job running the batch script {@code script} with {@code args}. */
        public static Builder script(String name, Path script, List<String> args) {
            Builder b = new Builder(name);
            b.script = script;
            b.scriptArgs = List.copyOf(args);
            return b;
        }

        /** Collects a request's options; {@link #build()} checks them. */
        public static final class Builder {
            private final String name;
            private Path workDir;
            private Path output;
            private Path error;
            private String partition = "";
            private String time = "";
            private String account = "";
            private String gres = "";
            private List<String> extraArgs = List.of();
            private Path script;
            private List<String> scriptArgs = List.of();
            private String wrap = "";

            private Builder(String name) {
                this.name = name;
            }

            /** {@code --chdir}: the job's working directory. */
            public Builder workDir(Path dir) {
                workDir = dir;
                return this;
            }

            /** {@code --output} and {@code --error} (null: stderr into the output file). */
            public Builder logs(Path out, Path err) {
                output = out;
                error = err;
                return this;
            }

            /** {@code --partition}, {@code --time} and {@code --account}; empty strings leave them out. */
            public Builder placement(String partitionName, String timeLimit, String accountName) {
                partition = partitionName;
                time = timeLimit;
                account = accountName;
                return this;
            }

            /** {@code --gres}, e.g. {@code gpu:1}; empty leaves it out. */
            public Builder gres(String resources) {
                gres = resources;
                return this;
            }

            /** Further sbatch options (a user's {@code --sbatch-arg}s), passed through unchanged. */
            public Builder extraArgs(List<String> args) {
                extraArgs = List.copyOf(args);
                return this;
            }

            /** The request; fails when it has no name, or not exactly one of a script and a command. */
            public JobRequest build() {
                return new JobRequest(name, workDir, output, error, partition, time, account, gres, extraArgs, script,
                        scriptArgs, wrap);
            }
        }

        /** The sbatch command line for this request. */
        List<String> sbatchCommand() {
            List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable", "--job-name=" + name));
            if (workDir != null) {
                cmd.add("--chdir=" + workDir);
            }
            if (output != null) {
                cmd.add("--output=" + output);
            }
            if (error != null) {
                cmd.add("--error=" + error);
            }
            addIfGiven(cmd, "--partition=", partition);
            addIfGiven(cmd, "--time=", time);
            addIfGiven(cmd, "--account=", account);
            addIfGiven(cmd, "--gres=", gres);
            cmd.addAll(extraArgs);
            if (script != null) {
                cmd.add(script.toString());
                cmd.addAll(scriptArgs);
            } else {
                cmd.add("--wrap=" + wrap);
            }
            return cmd;
        }

        private static void addIfGiven(List<String> cmd, String option, String value) {
            if (!value.isEmpty()) {
                cmd.add(option + value);
            }
        }
    }

    /**
     * Fails with one line saying what to install when one of {@code commands} is not on the commands' {@code PATH}:
     * so that a missing client is reported before anything is prepared or submitted.
     */
    public void requireCommands(String... commands) {
        for (String c : commands) {
            executable(c);
        }
    }

    /** Submits {@code request} with {@code sbatch --parsable}; fails with sbatch's own reason when it refuses. */
    public SubmittedJob submit(JobRequest request) {
        String out = run(request.sbatchCommand()).stdout.strip();
        String id = out.split(";", 2)[0].strip(); // "12" or, on a multi-cluster setup, "12;cluster"
        if (!id.matches("[0-9]+")) {
            throw new ResnetSpiException("sbatch accepted job '" + request.name() + "' but printed '" + out
                    + "' instead of a job id");
        }
        return new SubmittedJob(id);
    }

    /**
     * The states of {@code jobIds} (plain or array job ids, or array task ids), keyed by SLURM job id in the order
     * {@code squeue} and the other sources give them. An array job id stands for all its tasks. A job no source
     * knows is UNKNOWN with the reason in its detail.
     */
    public Map<String, JobStatus> states(Collection<String> jobIds) {
        List<String> ids = validIds(jobIds);
        Map<String, JobStatus> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        collect(ids, found, controllerStates(ids));
        List<String> missing = missing(ids, found);
        if (!missing.isEmpty()) {
            collect(missing, found, historyStates(missing));
        }
        for (String id : missing(ids, found)) {
            found.put(id, new JobStatus(id, JobState.UNKNOWN, history().whyUnknown(), "none"));
        }
        return found;
    }

    /** Cancels {@code jobIds} with {@code scancel}; jobs that already ended are left as they are. */
    public void cancel(Collection<String> jobIds) {
        List<String> ids = validIds(jobIds);
        if (!ids.isEmpty()) {
            List<String> cmd = new ArrayList<>(List.of("scancel"));
            cmd.addAll(ids);
            run(cmd);
        }
    }

    private List<JobStatus> controllerStates(List<String> ids) {
        // --array: one line per array task, should a job id given be an array's (%i is "12" or "12_3").
        List<String> cmd = List.of("squeue", "--noheader", "--states=all", "--array",
                "--jobs=" + String.join(",", ids), "--format=%i|%T|%r");
        Result r = runAndWait(cmd);
        if (r.code != 0) {
            // squeue refuses a list in which it knows none of the ids; that is an answer, not a failure.
            if (r.stderr.contains("Invalid job id specified")) {
                return List.of();
            }
            throw failure(cmd, r);
        }
        return parseSqueue(r.stdout);
    }

    private List<JobStatus> historyStates(List<String> ids) {
        HistorySource h = history();
        if (h.accounting()) {
            Result r = run(List.of("sacct", "--noheader", "--parsable2", "--allocations",
                    "--jobs=" + String.join(",", ids), "--format=JobID,State,ExitCode"));
            return parseSacct(r.stdout);
        }
        if (h.completionLog() != null && Files.isReadable(h.completionLog())) {
            log.accept("$ read " + h.completionLog() + " (JobCompType=jobcomp/filetxt)");
            try {
                return parseJobComp(Files.readString(h.completionLog(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ResnetSpiException("cannot read SLURM's job completion log " + h.completionLog() + ": "
                        + Causes.about(e), e);
            }
        }
        return List.of();
    }

    /** Which record of finished jobs this cluster keeps, from {@code scontrol show config}; asked once. */
    private HistorySource history() {
        if (history == null) {
            history = parseConfig(run(List.of("scontrol", "show", "config")).stdout);
        }
        return history;
    }

    /** Where finished jobs can still be looked up once slurmctld has purged them. */
    record HistorySource(boolean accounting, Path completionLog, String minJobAge) {
        String whyUnknown() {
            String base = "no longer known to slurmctld (it keeps finished jobs for MinJobAge=" + minJobAge + ")";
            if (accounting) {
                return base + " and not found by sacct";
            }
            if (completionLog != null) {
                return base + ", no accounting (sacct) on this cluster, and not in the job completion log "
                        + completionLog + (Files.isReadable(completionLog) ? "" : " (not readable from this host)");
            }
            return base + ", and the cluster keeps no record of finished jobs (no accounting, no jobcomp/filetxt)";
        }
    }

    static HistorySource parseConfig(String scontrolShowConfig) {
        Map<String, String> conf = new TreeMap<>();
        for (String line : scontrolShowConfig.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                conf.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        boolean accounting = !conf.getOrDefault("AccountingStorageType", "accounting_storage/none")
                .equals("accounting_storage/none");
        String loc = conf.getOrDefault("JobCompLoc", "");
        Path completionLog = "jobcomp/filetxt".equals(conf.get("JobCompType")) && loc.startsWith("/")
                ? Path.of(loc) : null;
        return new HistorySource(accounting, completionLog, conf.getOrDefault("MinJobAge", "unknown"));
    }

    /** Lines {@code id|STATE|reason} of {@code squeue --format=%i|%T|%r}. */
    static List<JobStatus> parseSqueue(String out) {
        List<JobStatus> states = new ArrayList<>();
        for (String line : lines(out)) {
            String[] f = line.split("\\|", 3);
            if (f.length == 3) {
                String reason = f[2].strip().equals("None") ? "" : f[2].strip();
                for (String id : rowId(f[0].strip())) {
                    states.add(new JobStatus(id, JobState.parse(f[1]), reason, "squeue"));
                }
            }
        }
        return states;
    }

    /** Lines {@code JobID|State|ExitCode} of {@code sacct --parsable2 --format=JobID,State,ExitCode}. */
    static List<JobStatus> parseSacct(String out) {
        List<JobStatus> states = new ArrayList<>();
        for (String line : lines(out)) {
            String[] f = line.split("\\|", -1);
            if (f.length >= 3) {
                String[] state = f[1].strip().split("\\s+", 2); // "CANCELLED by 1000"
                String detail = (state.length > 1 ? state[1] + ", " : "") + "exit code " + f[2].strip();
                for (String id : rowId(f[0].strip())) {
                    states.add(new JobStatus(id, JobState.parse(state[0]), detail, "sacct"));
                }
            }
        }
        return states;
    }

    /**
     * Records {@code JobId=… JobState=… ArrayJobId=… ArrayTaskId=… ExitCode=…} of a jobcomp/filetxt log, one line
     * per job end; the last record of a job wins (a requeued job ends more than once).
     */
    static List<JobStatus> parseJobComp(String log) {
        Map<String, JobStatus> last = new LinkedHashMap<>();
        for (String line : lines(log)) {
            Map<String, String> f = new TreeMap<>();
            Matcher m = JOBCOMP_FIELD.matcher(line);
            while (m.find()) {
                f.putIfAbsent(m.group(1), m.group(2));
            }
            String id = f.containsKey("ArrayJobId") && f.containsKey("ArrayTaskId")
                    ? f.get("ArrayJobId") + "_" + f.get("ArrayTaskId") : f.get("JobId");
            if (id != null && f.containsKey("JobState")) {
                last.remove(id);
                last.put(id, new JobStatus(id, JobState.parse(f.get("JobState")),
                        "exit code " + f.getOrDefault("ExitCode", "unknown"), "jobcomp"));
            }
        }
        return new ArrayList<>(last.values());
    }

    /** The job id a row stands for: itself; anything else (a header, a garbled line, a row of array tasks) is none. */
    private static List<String> rowId(String id) {
        return JOB_ID.matcher(id).matches() ? List.of(id) : List.of();
    }

    private static List<String> validIds(Collection<String> jobIds) {
        for (String id : jobIds) {
            if (!JOB_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("'" + id + "' is not a SLURM job id (12, or 12_3 for an array task)");
            }
        }
        return List.copyOf(jobIds);
    }

    /** Adds the states that belong to {@code ids}: the id itself, or a task of an array job id. */
    private static void collect(List<String> ids, Map<String, JobStatus> into, List<JobStatus> states) {
        for (JobStatus s : states) {
            if (ids.stream().anyMatch(id -> belongs(s.jobId(), id))) {
                into.putIfAbsent(s.jobId(), s);
            }
        }
    }

    private static boolean belongs(String jobId, String requested) {
        return jobId.equals(requested) || jobId.startsWith(requested + "_");
    }

    private static List<String> missing(List<String> ids, Map<String, JobStatus> found) {
        return ids.stream().filter(id -> found.keySet().stream().noneMatch(j -> belongs(j, id))).toList();
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    record Result(int code, String stdout, String stderr) {
    }

    private Result run(List<String> cmd) {
        Result r = runAndWait(cmd);
        if (r.code != 0) {
            throw failure(cmd, r);
        }
        return r;
    }

    /** Runs {@code cmd}, logging it first; the caller judges its exit code. */
    private Result runAndWait(List<String> cmd) {
        log.accept("$ " + environmentPrefix() + shellLine(cmd));
        List<String> resolved = new ArrayList<>(cmd);
        resolved.set(0, executable(cmd.get(0)).toString());
        ProcessBuilder pb = new ProcessBuilder(resolved).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(environment);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ResnetSpiException("cannot run " + resolved.get(0) + ": " + Causes.about(e));
        }
        CompletableFuture<String> out = readAll(p.getInputStream());
        CompletableFuture<String> err = readAll(p.getErrorStream());
        try {
            if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ResnetSpiException(cmd.get(0) + " did not finish within " + COMMAND_TIMEOUT.toSeconds()
                        + " s; is slurmctld reachable? (scontrol ping)");
            }
            Result r = new Result(p.exitValue(), out.join(), err.join());
            if (r.code == 0) {
                lines(r.stderr).forEach(log); // warnings; a failure's words go into its exception instead
            }
            return r;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ResnetSpiException("interrupted while waiting for " + cmd.get(0), e);
        }
    }

    /**
     * {@code name} looked up in the commands' {@code PATH} (the one given to this class, else this process's):
     * Java itself would search this process's PATH even when the child's differs.
     */
    private Path executable(String name) {
        String path = environment.getOrDefault("PATH", Objects.requireNonNullElse(System.getenv("PATH"), ""));
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new ResnetSpiException(name + " not found on PATH: SLURM's client commands are needed here"
                + " (Debian: apt-get install -y slurm-client; a one-node test cluster: scripts/slurm-local.sh up)");
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    /** One line: which command failed, SLURM's own words (its last three), and what usually causes that. */
    static ResnetSpiException failure(List<String> cmd, Result r) {
        String name = cmd.get(0);
        List<String> said = lines(r.stderr.isBlank() ? r.stdout : r.stderr).stream()
                .filter(l -> !l.startsWith("Try \"" + name + " --help\""))
                .map(l -> l.replaceFirst("^" + Pattern.quote(name) + ": (error: |fatal: )?", ""))
                .distinct().toList();
        String words = said.isEmpty() ? "no output"
                : String.join("; ", said.subList(Math.max(0, said.size() - 3), said.size()));
        String all = r.stderr + r.stdout;
        String hint = "";
        if (all.contains("Unable to contact slurm controller")) {
            hint = "; slurmctld is not reachable: is it running? (scontrol ping; local cluster: scripts/slurm-local.sh status)";
        } else if (all.contains("Munge") || all.contains("authentication error")) {
            hint = "; munge authentication failed: is munged running with the cluster's key? (local cluster: scripts/slurm-local.sh up)";
        } else if (all.contains("Problem talking to the database")) {
            hint = "; sacct cannot reach the accounting daemon (slurmdbd): ask the cluster's administrators";
        } else if (all.contains("Could not establish a configuration source")) {
            hint = "; no SLURM configuration found: set SLURM_CONF (local cluster: eval \"$(scripts/slurm-local.sh env)\")";
        }
        return new ResnetSpiException(name + " failed (exit " + r.code + "): " + words + hint);
    }

    /** {@code NAME=value } for each variable set for the commands, so that a logged line reproduces the call. */
    private String environmentPrefix() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(environment).forEach((k, v) -> sb.append(k).append('=').append(shellLine(List.of(v))).append(' '));
        return sb.toString();
    }

    /** The command as a shell would take it, so a logged line can be pasted into a terminal. */
    static String shellLine(List<String> cmd) {
        return ShellLine.of(cmd);
    }
}
