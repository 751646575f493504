package io.github.resnetspi.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs this CLI in a fresh JVM with the same class path, so that each engine's native code lives in its own
 * process: a crash or a conflicting native library then costs one row of a report, not the whole run.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /** The command line: {@code java -D… -cp <this class path> io.github.resnetspi.cli.Main args…}. */
    static List<String> command(String backend, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-D" + io.github.resnetspi.api.Backends.PROPERTY + "=" + backend);
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Xss4m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        return cmd;
    }

    /** Runs {@code cmd}, passing each line of its stdout and stderr on; returns the exit code. */
    static int run(List<String> cmd, Consumer<String> stdout, Consumer<String> stderr) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
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

    /** The error line a failed child printed (our one-line format), else its last stderr line. */
    static String errorOf(List<String> stderr, int code) {
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
        for (int i = stderr.size() - 1; i >= 0; i--) {
            String l = stderr.get(i).trim();
            if (!l.isEmpty()) {
                return "child JVM exited with code " + code + ": " + l;
            }
        }
        return "child JVM exited with code " + code + " without a message" + (code > 128 ? " (killed by signal " + (code - 128) + ")" : "");
    }
}
