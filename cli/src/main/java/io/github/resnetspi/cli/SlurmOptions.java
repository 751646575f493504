package io.github.resnetspi.cli;

import io.github.resnetspi.cli.args.UsageException;
import io.github.resnetspi.cli.exec.SlurmExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Stack;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code compare}'s options for {@code --executor slurm}. Those that say where cells run (partition, time limit,
 * account, GPUs, further sbatch options) are kept in the comparison's plan as {@code compare} options, so that
 * {@code --resume} submits its cells the same way unless told otherwise; {@code --no-wait} and the poll interval
 * apply to one command.
 */
public final class SlurmOptions {
    /** Seconds between two state polls unless {@code --poll-interval} says otherwise: the scheduler is shared. */
    public static final double DEFAULT_POLL_SECONDS = 10;
    private static final String GPUS = "([A-Za-z0-9_.-]+:)?[1-9][0-9]*";

    @Option(names = "--partition", paramLabel = "P", description = "slurm: partition the cells run in (sbatch "
            + "--partition; default: the cluster's).")
    String partition;

    @Option(names = "--gpus-per-cell", paramLabel = "N", description = "slurm with --device gpu: GPUs each cell's job "
            + "gets, N or TYPE:N (sbatch --gres=gpu:N; default 1); the cell trains on the first.")
    String gpusPerCell;

    @Option(names = "--time", paramLabel = "T", description = "slurm: time limit of each cell's job, in sbatch's "
            + "forms (MM, HH:MM:SS, D-HH; default: the partition's).")
    String time;

    @Option(names = "--account", paramLabel = "A", description = "slurm: account charged for the jobs (sbatch --account).")
    String account;

    @Option(names = "--sbatch-arg", paramLabel = "ARG", parameterConsumer = Verbatim.class, description = "slurm: a "
            + "further sbatch option, passed as it is (repeatable), e.g. --sbatch-arg=--cpus-per-task=8 --sbatch-arg=--qos=high.")
    List<String> sbatchArgs;

    @Option(names = "--no-wait", description = "slurm: submit the cells and exit, printing the job ids; 'resnet-spi "
            + "report DIR' and 'compare --out DIR --resume' follow up.")
    boolean noWait;

    @Option(names = "--poll-interval", paramLabel = "S", description = "slurm: seconds between two polls of the jobs' "
            + "states (default 10).")
    Double pollSeconds;

    /**
     * Takes the next word as {@code --sbatch-arg}'s value whatever it looks like: picocli would refuse a value such as
     * {@code --time=5} that resembles one of compare's own options, yet to sbatch it is just an option.
     */
    static final class Verbatim implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, CommandLine.Model.ArgSpec argSpec,
                CommandLine.Model.CommandSpec commandSpec) {
            if (args.isEmpty()) {
                throw new CommandLine.ParameterException(commandSpec.commandLine(),
                        "--sbatch-arg needs an sbatch option, e.g. --sbatch-arg=--qos=high");
            }
            List<String> values = argSpec.getValue() == null ? new ArrayList<>() : new ArrayList<>(argSpec.<List<String>>getValue());
            values.add(args.pop());
            argSpec.setValue(values);
        }
    }

    /** The first option of this class given on the command line, by name, if any. */
    Optional<String> firstGiven() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("--partition", partition);
        given.put("--gpus-per-cell", gpusPerCell);
        given.put("--time", time);
        given.put("--account", account);
        given.put("--sbatch-arg", sbatchArgs);
        given.put("--no-wait", noWait ? true : null);
        given.put("--poll-interval", pollSeconds);
        return given.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).findFirst();
    }

    /**
     * The placement options a plan keeps: those given, else those of {@code planned} (a resumed comparison's, as
     * {@link #toArgs} wrote them), checked against the comparison's device.
     */
    List<String> plan(String device, List<String> planned) {
        SlurmOptions was = fromArgs(planned);
        SlurmOptions now = new SlurmOptions();
        now.partition = notBlank("--partition", partition != null ? partition : was.partition);
        now.time = notBlank("--time", time != null ? time : was.time);
        now.account = notBlank("--account", account != null ? account : was.account);
        now.gpusPerCell = gpusPerCell != null ? gpusPerCell.strip() : was.gpusPerCell;
        now.sbatchArgs = sbatchArgs != null ? sbatchArgs : was.sbatchArgs;
        if (device.matches("gpu:[0-9]+")) {
            throw new UsageException("--executor slurm lets SLURM choose the GPUs: use --device gpu (each cell's job gets"
                    + " --gpus-per-cell GPUs, default 1, and trains on the first), not --device " + device);
        }
        if (now.gpusPerCell != null && !device.equals("gpu")) {
            throw new UsageException("--gpus-per-cell needs --device gpu, got --device " + device);
        }
        if (now.gpusPerCell != null && !now.gpusPerCell.matches(GPUS)) {
            throw new UsageException("--gpus-per-cell must be a count or TYPE:COUNT, such as 2 or a100:1, got '"
                    + now.gpusPerCell + "'");
        }
        if (now.sbatchArgs != null && now.sbatchArgs.stream().anyMatch(String::isBlank)) {
            throw new UsageException("--sbatch-arg needs an sbatch option, e.g. --sbatch-arg=--qos=high; got an empty one");
        }
        return now.toArgs();
    }

    /** How the cells of a plan with these placement options ({@link #plan}) are submitted on {@code device}. */
    static SlurmExecutor.Placement placement(List<String> planned, String device) {
        SlurmOptions o = fromArgs(planned);
        String gres = device.equals("gpu") ? "gpu:" + (o.gpusPerCell != null ? o.gpusPerCell : "1") : "";
        return new SlurmExecutor.Placement(orEmpty(o.partition), orEmpty(o.time), orEmpty(o.account), gres,
                o.sbatchArgs != null ? o.sbatchArgs : List.of());
    }

    /** The time between two polls. */
    Duration poll() {
        double s = pollSeconds != null ? pollSeconds : DEFAULT_POLL_SECONDS;
        if (!(s >= 0.1 && s <= 3600)) {
            throw new UsageException("--poll-interval must be between 0.1 and 3600 seconds, got " + s);
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }

    /** The placement options as {@code compare} options, each a single word ({@code --partition=gpu}). */
    List<String> toArgs() {
        List<String> a = new ArrayList<>();
        addIfSet(a, "--partition", partition);
        addIfSet(a, "--time", time);
        addIfSet(a, "--account", account);
        addIfSet(a, "--gpus-per-cell", gpusPerCell);
        if (sbatchArgs != null) {
            sbatchArgs.forEach(s -> a.add("--sbatch-arg=" + s));
        }
        return a;
    }

    private static SlurmOptions fromArgs(List<String> args) {
        SlurmOptions o = new SlurmOptions();
        new CommandLine(o).parseArgs(args.toArray(String[]::new));
        return o;
    }

    private static void addIfSet(List<String> args, String name, String value) {
        if (value != null) {
            args.add(name + "=" + value);
        }
    }

    private static String notBlank(String name, String value) {
        if (value != null && value.isBlank()) {
            throw new UsageException(name + " needs a value; leave it out for the cluster's default");
        }
        return value == null ? null : value.strip();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
