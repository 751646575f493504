package io.github.resnetspi.cli.exec;

import io.github.resnetspi.api.Backends;
import io.github.resnetspi.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs this CLI in a fresh JVM with the same class path, so that each engine's native code lives in its own
 * process: a crash or a conflicting native library then costs one row of a report, not the whole run.
 */
public final class ChildJvm {
    /**
     * Set in a child's environment to the parent's PID: the child stops when that parent is gone
     * ({@link ParentWatch}), so that killing a {@code compare} never leaves an engine training on its own.
     */
    public static final String PARENT_PID_ENV = "RESNETSPI_PARENT_PID";

    private static final Map<Integer, String> SIGNALS = Map.of(1, "SIGHUP", 2, "SIGINT", 3, "SIGQUIT", 6, "SIGABRT",
            9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

    private ChildJvm() {
    }

    /**
     * The command line: {@code java <the parent's -D and memory options> -D… -cp <this class path>
     * io.github.resnetspi.cli.Main args…}. The parent's system properties (e.g. {@code -Dresnetspi.threads}) and
     * heap settings ({@code JAVA_OPTS=-Xmx…}) carry over; agents and debugger options do not.
     */
    public static List<String> command(String backend, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (inherited(option)) {
                cmd.add(option);
            }
        }
        cmd.add("-D" + Backends.PROPERTY + "=" + backend);
        cmd.add("-Dai.djl.offline=" + System.getProperty("ai.djl.offline", "true"));
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Xss4m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        return cmd;
    }

    /** System properties and heap and GC options; not those the child gets anyway, agents or debugger ports. */
    static boolean inherited(String option) {
        if (option.startsWith("-D" + Backends.PROPERTY + "=") || option.startsWith("-Dai.djl.offline=")
                || option.startsWith("-Djava.awt.headless=")) {
            return false;
        }
        return option.startsWith("-D") || option.startsWith("-Xmx") || option.startsWith("-Xms")
                || option.startsWith("-XX:");
    }

    /**
     * Runs {@code cmd}, passing each line of its stdout and stderr on; returns the exit code. The child learns this
     * process's PID ({@value #PARENT_PID_ENV}) and is stopped when this JVM exits (Ctrl-C); should this JVM be killed
     * outright, the child stops by itself.
     */
    public static int run(List<String> cmd, Consumer<String> stdout, Consumer<String> stderr) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put(PARENT_PID_ENV, Long.toString(ProcessHandle.current().pid()));
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
     * Why a child failed, in one line: a JVM crash with its problematic frame; else the error line our CLI printed;
     * else, for a child ended by SIGKILL or SIGTERM (kill, the out-of-memory killer, a scheduler), that signal, since
     * its last output is just whatever its engine logged last; else the last stderr line, with the signal when the
     * exit code says there was one (SIGABRT after a C++ exception, whose message that line usually is).
     */
    public static String errorOf(List<String> stderr, int code) {
        for (int i = 0; i < stderr.size(); i++) {
            if (stderr.get(i).contains("A fatal error has been detected by the Java Runtime Environment")) {
                int at = stderr.indexOf("# Problematic frame:");
                String frame = at >= 0 && at + 1 < stderr.size() ? stderr.get(at + 1).replaceFirst("^#\\s*", "") : "unknown frame";
                return "the child JVM crashed in native code (exit code " + code + ", frame " + frame
                        + "); see its hs_err_pid*.log";
            }
        }
        for (int i = stderr.size() - 1; i >= 0; i--) {
            String l = stderr.get(i);
            int at = l.indexOf(Main.ERROR_PREFIX);
            if (at >= 0) {
                return l.substring(at + Main.ERROR_PREFIX.length());
            }
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
