package io.github.resnetspi.training.data;

import io.github.resnetspi.api.Causes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Installs a Debian package that holds a dataset (Fashion-MNIST: {@code dataset-fashion-mnist}), for a fresh machine
 * on which the download failed: only where {@code apt-get} is on the PATH and can run as root, because this process
 * is root or passwordless {@code sudo -n} works, and not when {@value #DISABLE_ENV} is set to anything but {@code 0}
 * or empty. It says what it runs in one line before it runs it. {@code apt-get update} is run only when the package
 * lists lack the package (as on a fresh container).
 */
public final class AptInstaller {
    public static final String DISABLE_ENV = "RESNETSPI_NO_APT";

    /** Runs a command to its end and returns its exit code and output; the seam tests replace. */
    @FunctionalInterface
    public interface Commands {
        Result run(List<String> command) throws IOException;
    }

    /** A command's exit code and its stdout and stderr together. */
    public record Result(int exitCode, String output) {
        String lastLine() {
            List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        }
    }

    /**
     * What happened: not attempted (and why), installed, or failed (with apt-get's last line).
     *
     * @param attempted whether apt-get was run
     * @param installed whether it succeeded
     */
    public record Outcome(boolean attempted, boolean installed, String detail) {
    }

    private final Function<String, String> env;
    private final Commands commands;
    private final Consumer<String> notice;

    public AptInstaller(Function<String, String> env, Commands commands, Consumer<String> notice) {
        this.env = Objects.requireNonNull(env, "env");
        this.commands = Objects.requireNonNull(commands, "commands");
        this.notice = Objects.requireNonNull(notice, "notice");
    }

    /** With this process's environment and real commands; {@code notice} receives the one line said before installing. */
    public static AptInstaller standard(Consumer<String> notice) {
        return new AptInstaller(System::getenv, AptInstaller::runProcess, notice);
    }

    /** An installer that never installs anything (library default). */
    public static AptInstaller disabled() {
        return new AptInstaller(name -> DISABLE_ENV.equals(name) ? "1" : null, cmd -> {
            throw new IOException("commands are disabled");
        }, line -> { });
    }

    /** Installs {@code pkg} if apt-get is usable here; see the class comment. */
    public Outcome install(String pkg) {
        String off = env.apply(DISABLE_ENV);
        if (off != null && !off.isBlank() && !off.strip().equals("0")) {
            return new Outcome(false, false, DISABLE_ENV + " is set");
        }
        List<String> asRoot;
        try {
            if (commands.run(List.of("sh", "-c", "command -v apt-get")).exitCode() != 0) {
                return new Outcome(false, false, "apt-get is not on the PATH (not a Debian-based system)");
            }
            Result id = commands.run(List.of("id", "-u"));
            if (id.exitCode() == 0 && id.output().strip().equals("0")) {
                asRoot = List.of();
            } else if (commands.run(List.of("sudo", "-n", "true")).exitCode() == 0) {
                asRoot = List.of("sudo", "-n");
            } else {
                return new Outcome(false, false, "not root, and sudo -n (passwordless sudo) is not available");
            }
        } catch (IOException e) {
            return new Outcome(false, false, "cannot check for apt-get and root (" + Causes.about(e) + ")");
        }
        List<String> install = apt(asRoot, "install", "-y", "-q", pkg);
        notice.accept("installing Debian's " + pkg + " with '" + String.join(" ", install) + "' (set " + DISABLE_ENV
                + "=1 to turn this off)");
        try {
            Result r = commands.run(install);
            if (r.exitCode() != 0 && r.output().contains("Unable to locate package")) {
                Result update = commands.run(apt(asRoot, "update", "-q"));
                if (update.exitCode() != 0) {
                    return new Outcome(true, false, "apt-get update failed (exit " + update.exitCode() + "): " + update.lastLine());
                }
                r = commands.run(install);
            }
            return r.exitCode() == 0 ? new Outcome(true, true, "installed " + pkg)
                    : new Outcome(true, false, "apt-get install failed (exit " + r.exitCode() + "): " + r.lastLine());
        } catch (IOException e) {
            return new Outcome(true, false, "cannot run apt-get: " + Causes.about(e));
        }
    }

    private static List<String> apt(List<String> asRoot, String... args) {
        List<String> cmd = new ArrayList<>(asRoot);
        cmd.addAll(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Result runProcess(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within 30 minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", cmd), e);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
