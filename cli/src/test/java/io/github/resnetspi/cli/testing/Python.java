package io.github.resnetspi.cli.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code /usr/bin/python3} (or {@value #PROPERTY}) running the module's scripts in {@code src/test/python}:
 * the independent oracles the CLI's numbers are checked against. A missing interpreter or module fails the test,
 * saying which Debian package to install; it never skips.
 */
public final class Python {
    public static final String PROPERTY = "resnetspi.oracle.python";
    private static final String INTERPRETER = System.getProperty(PROPERTY, "/usr/bin/python3");
    private static final Path SCRIPTS = Path.of("src", "test", "python");

    private Python() {
    }

    /**
     * Fails unless the interpreter imports {@code module} (from Debian's {@code debianPackage}), saying what needs it;
     * returns the module's version.
     */
    public static String require(String module, String debianPackage, String neededFor) throws InterruptedException {
        String install = "install it with `apt-get install " + debianPackage + "` (for /usr/bin/python3), or name another"
                + " interpreter that has it with -D" + PROPERTY + "=PATH";
        try {
            Process p = new ProcessBuilder(INTERPRETER, "-c", "import " + module + "; print(" + module + ".__version__)")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return fail("Python module '" + module + "' is unavailable for " + INTERPRETER + " (" + lastLine(out)
                        + "): " + neededFor + " needs it; " + install);
            }
            return lastLine(out);
        } catch (IOException e) {
            return fail("cannot run " + INTERPRETER + " (" + e.getMessage() + "): " + neededFor + " needs Python 3 with '"
                    + module + "'; " + install);
        }
    }

    /** Runs {@code src/test/python/script} with {@code args}; fails with its output unless it exits 0 within 10 minutes. */
    public static String run(String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(INTERPRETER, SCRIPTS.resolve(script).toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return fail(script + " did not finish within 10 minutes:\n" + out);
        }
        if (p.exitValue() != 0) {
            return fail(script + " failed (exit " + p.exitValue() + "):\n" + out);
        }
        return out;
    }

    private static String lastLine(String s) {
        String[] lines = s.split("\n");
        return lines[lines.length - 1];
    }
}
