package io.github.resnetspi.cli.exec;

import io.github.resnetspi.api.Backends;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Runs this CLI in a fresh JVM with the same class path, so that each engine's native code lives in its own
 * process: a crash or a conflicting native library then costs one row of a report, not the whole run.
 *
 * <p>A child runs as its parent was configured (docs/cli.md, "Child JVMs"): it gets the defaults it needs, then the
 * parent's JVM options (those of {@code JAVA_OPTS}, such as {@code -Xmx}, and every {@code -D}; not agents or
 * debugger ports), then every {@code resnetspi.*}, {@code ai.djl.*}, {@code org.tensorflow.*} and
 * {@code org.slf4j.simpleLogger.*} system property the parent holds (including those set at run time, such as
 * {@code --threads}'s), then its own {@code -Dresnetspi.backend}. Later options win, so the defaults yield to what the
 * user set, and the child's backend comes last and wins.
 */
public final class ChildJvm {
    /** The class a child runs: the CLI's {@code main} (the CLI's commands sit above this package, so by name). */
    public static final String MAIN_CLASS = "io.github.resnetspi.cli.Main";
    /** Prefix of every error line the CLI prints; a parent looks for it in a child's output. */
    public static final String ERROR_PREFIX = "resnet-spi: error: ";
    /** TensorFlow's native log threshold: 0 all, 1 no INFO, 2 no INFO or WARNING, 3 errors only too. */
    public static final String TF_LOG_ENV = "TF_CPP_MIN_LOG_LEVEL";
    /** TensorFlow's native log threshold for child JVMs by default: INFO and WARNING hidden. */
    public static final String QUIET_TF_LOG_LEVEL = "2";
    /** ... and with {@code --verbose}: everything. */
    public static final String VERBOSE_TF_LOG_LEVEL = "0";
    /**
     * Set in a child's environment to the parent's PID: the child stops when that parent is gone
     * ({@link ParentWatch}), so that killing a {@code compare} never leaves an engine training on its own.
     */
    public static final String PARENT_PID_ENV = "RESNETSPI_PARENT_PID";
    /** What every child needs unless the parent's options say otherwise. */
    static final List<String> DEFAULTS = List.of("-Xss4m", "-Dai.djl.offline=true", "-Djava.awt.headless=true");
    /** Prefixes of the system properties handed on: the library's, the engines' and the logging's settings. */
    static final List<String> FORWARDED_PROPERTIES = List.of("resnetspi.", "ai.djl.", "org.tensorflow.",
            "org.slf4j.simpleLogger.");

    private static final Map<Integer, String> SIGNALS = Map.of(1, "SIGHUP", 2, "SIGINT", 3, "SIGQUIT", 6, "SIGABRT",
            9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

    private static volatile boolean verbose;

    private ChildJvm() {
    }

    /** Whether children log verbosely ({@code --verbose}): TensorFlow's native log then comes through. */
    public static void verbose(boolean on) {
        verbose = on;
    }

    /** @return the {@value #TF_LOG_ENV} a child JVM gets when the environment does not set one */
    static String childTensorFlowLogLevel() {
        return verbose ? VERBOSE_TF_LOG_LEVEL : QUIET_TF_LOG_LEVEL;
    }

    /**
     * @param backend the backend the child must use
     * @param args    the child's command line
     * @return {@code java <defaults> <parent's JVM options> <forwarded properties> -Dresnetspi.backend=BACKEND
     *         -cp <this class path> io.github.resnetspi.cli.Main args…}
     */
    public static List<String> command(String backend, List<String> args) {
        return command(backend, args, ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getProperties());
    }

    /**
     * @param backend    the backend the child must use
     * @param args       the child's command line
     * @param jvmOptions the parent's JVM options, as the runtime reports them
     * @param properties the parent's system properties
     * @return the child's command line
     */
    static List<String> command(String backend, List<String> args, List<String> jvmOptions, Properties properties) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(DEFAULTS);
        for (String option : jvmOptions) {
            if (inherited(option)) {
                cmd.add(option);
            }
        }
        for (String name : new TreeSet<>(properties.stringPropertyNames())) {
            String option = "-D" + name + "=" + properties.getProperty(name);
            if (forwarded(name) && !cmd.contains(option)) {
                cmd.add(option);
            }
        }
        cmd.add("-D" + Backends.PROPERTY + "=" + backend);
        cmd.add("-cp");
        cmd.add(absoluteClassPath(System.getProperty("java.class.path")));
        cmd.add(MAIN_CLASS);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * {@code classPath} with every relative entry made absolute against this process's working directory: a SLURM job
     * or any child started in another directory finds the same jars ({@code lib/*} stays a wildcard).
     */
    static String absoluteClassPath(String classPath) {
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator, -1)) {
            entries.add(entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    /** A parent option the child takes too: all but agents (a debugger's port is the parent's) and the backend. */
    static boolean inherited(String option) {
        return !option.startsWith("-agentlib:") && !option.startsWith("-agentpath:") && !option.startsWith("-javaagent:")
                && !option.startsWith("-Xrunjdwp") && !option.equals("-Xdebug")
                && !option.startsWith("-D" + Backends.PROPERTY + "=");
    }

    private static boolean forwarded(String property) {
        return !property.equals(Backends.PROPERTY) && FORWARDED_PROPERTIES.stream().anyMatch(property::startsWith);
    }

    /**
     * Runs {@code cmd}, passing each line of its stdout and stderr on; returns the exit code. The child learns this
     * process's PID ({@value #PARENT_PID_ENV}) and is stopped when this JVM exits (Ctrl-C); should this JVM be killed
     * outright, the child stops by itself. TensorFlow's native log threshold ({@code TF_CPP_MIN_LOG_LEVEL}) is set for
     * it when the environment has none: quiet unless {@code --verbose} ({@link #verbose(boolean)}).
     *
     * @param cmd    the command line ({@link #command})
     * @param stdout receives each line the child prints
     * @param stderr receives each line of the child's stderr
     * @return the child's exit code
     * @throws IOException when the child cannot start
     */
    public static int run(List<String> cmd, Consumer<String> stdout, Consumer<String> stderr) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put(PARENT_PID_ENV, Long.toString(ProcessHandle.current().pid()));
        defaultEnvironment().forEach(pb.environment()::putIfAbsent);
        Process p = pb.start();
        // Ctrl-C on the parent must not leave an engine training in an orphaned JVM.
        Thread reaper = new Thread(p::destroy, "child-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        Thread o = pump(p.getInputStream(), stdout);
        Thread e = pump(p.getErrorStream(), stderr);
        try {
            int code = p.waitFor();
            o.join();
            e.join();
            return code;
        } catch (InterruptedException ex) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + cmd.get(cmd.size() - 1), ex);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting: the hook runs and stops the child.
            }
        }
    }

    /**
     * Variables a child gets where its environment has none: TensorFlow's native log threshold
     * ({@code TF_CPP_MIN_LOG_LEVEL}), quiet unless {@code --verbose} ({@link #verbose(boolean)}).
     */
    public static Map<String, String> defaultEnvironment() {
        return Map.of(TF_LOG_ENV, childTensorFlowLogLevel());
    }

    private static Thread pump(InputStream in, Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    sink.accept(line);
                }
            } catch (IOException ignored) {
                // The child closed its stream; its exit code tells what happened.
            }
        }, "child-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * What a child's output says about its failure, if anything: a JVM crash with its problematic frame, else the
     * last error line our CLI printed.
     *
     * @param lines     the child's output (its stderr, or a log holding it)
     * @param crashNote put before the frame of a crash, e.g. {@code "exit code 134, "}
     */
    public static Optional<String> reportedError(List<String> lines, String crashNote) {
        for (String line : lines) {
            if (line.contains("A fatal error has been detected by the Java Runtime Environment")) {
                int at = lines.indexOf("# Problematic frame:");
                String frame = at >= 0 && at + 1 < lines.size() ? lines.get(at + 1).replaceFirst("^#\\s*", "") : "unknown frame";
                return Optional.of("the child JVM crashed in native code (" + crashNote + "frame " + frame
                        + "); see its hs_err_pid*.log");
            }
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            String l = lines.get(i);
            int at = l.indexOf(ERROR_PREFIX);
            if (at >= 0) {
                return Optional.of(l.substring(at + ERROR_PREFIX.length()));
            }
        }
        return Optional.empty();
    }

    /**
     * Why a child failed, in one line: a JVM crash with its problematic frame; else the error line our CLI printed;
     * else, for a child ended by SIGKILL or SIGTERM (kill, the out-of-memory killer, a scheduler), that signal, since
     * its last output is just whatever its engine logged last; else the last stderr line, with the signal when the
     * exit code says there was one (SIGABRT after a C++ exception, whose message that line usually is).
     */
    public static String errorOf(List<String> stderr, int code) {
        Optional<String> reported = reportedError(stderr, "exit code " + code + ", ");
        if (reported.isPresent()) {
            return reported.get();
        }
        String signal = code > 128 ? SIGNALS.getOrDefault(code - 128, "signal " + (code - 128)) : null;
        if ("SIGKILL".equals(signal) || "SIGTERM".equals(signal)) {
            return "the child JVM was killed by signal " + (code - 128) + " (" + signal + ", exit code " + code + ")"
                    + ("SIGKILL".equals(signal) ? ": kill -9, or the kernel's out-of-memory killer (see dmesg)" : "");
        }
        String via = signal != null ? " (signal " + (code - 128) + ", " + signal + ")" : "";
        for (int i = stderr.size() - 1; i >= 0; i--) {
            String l = stderr.get(i).trim();
            if (!l.isEmpty()) {
                return "child JVM exited with code " + code + via + ": " + l;
            }
        }
        return "child JVM exited with code " + code + via + " without a message";
    }
}
