package io.github.resnetspi.cli.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A one-node SLURM cluster started by scripts/slurm-local.sh for a test class, in a private state directory and on
 * two free ports, so that it disturbs no other cluster on the host. Where the daemons cannot start (packages
 * missing, not root) {@link #start} fails with the script's reason and the install command: a test that needs the
 * cluster never passes without it.
 */
public final class LocalSlurmCluster {
    private final Path script;
    private final Path stateDir;
    private final Map<String, String> scriptEnvironment;

    private LocalSlurmCluster(Path script, Path stateDir, Map<String, String> scriptEnvironment) {
        this.script = script;
        this.stateDir = stateDir;
        this.scriptEnvironment = scriptEnvironment;
    }

    /** {@code scripts/slurm-local.sh up} in a fresh state directory; fails with the reason when it does not come up. */
    public static LocalSlurmCluster start() throws IOException {
        Path script = findScript();
        // Under /tmp, not target/: munge's socket path must stay well under the 108-byte limit of a Unix socket.
        Path stateDir = Files.createTempDirectory("resnetspi-slurm-it").resolve("cluster");
        LocalSlurmCluster cluster = new LocalSlurmCluster(script, stateDir, Map.of("RESNETSPI_SLURM_DIR",
                stateDir.toString(), "RESNETSPI_SLURM_PORT", Integer.toString(freePortPair())));
        // Up to 15 minutes: as root with apt-get, the script installs missing packages first.
        Script up = cluster.runScript("up", Duration.ofMinutes(15));
        if (up.code != 0) {
            fail("the one-node SLURM cluster did not start (" + script + " up, exit " + up.code + "). It needs root"
                    + " (or passwordless sudo) and Debian's packages: apt-get install -y slurm-wlm munge\n" + up.output);
        }
        return cluster;
    }

    /** {@code down} (twice: the second must do nothing), then {@code clean}; each must succeed. */
    public void stop() throws IOException {
        Script down = runScript("down", Duration.ofMinutes(2));
        assertThat(down.code).as("%s down:%n%s", script, down.output).isZero();
        assertThat(runScript("down", Duration.ofMinutes(1)).code).as("a second 'down' does nothing").isZero();
        Script clean = runScript("clean", Duration.ofMinutes(1));
        assertThat(clean.code).as("%s clean:%n%s", script, clean.output).isZero();
        Files.delete(stateDir.getParent());
    }

    /** The cluster's configuration: {@code SLURM_CONF} for the client commands. */
    public Path conf() {
        return stateDir.resolve("slurm.conf");
    }

    /** What the client commands need in their environment to reach this cluster. */
    public Map<String, String> clientEnvironment() {
        return Map.of("SLURM_CONF", conf().toString());
    }

    /** The job completion log (JobCompType=jobcomp/filetxt). */
    public Path completionLog() {
        return stateDir.resolve("log/jobcomp.txt");
    }

    private record Script(int code, String output) {
    }

    private Script runScript(String command, Duration timeout) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true);
        pb.environment().putAll(scriptEnvironment);
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Script(-1, script + " " + command + " did not finish within " + timeout);
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.print(output);
            return new Script(p.exitValue(), output);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + script + " " + command, e);
        }
    }

    /** scripts/slurm-local.sh of this checkout; the tests run in the module directory. */
    private static Path findScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("scripts/slurm-local.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return fail("scripts/slurm-local.sh not found above " + Path.of("").toAbsolutePath());
    }

    /** slurmctld on port p, slurmd on p + 1: two free neighbouring ports. */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket first = new ServerSocket(0)) {
                int port = first.getLocalPort();
                if (port < 65535) {
                    try (ServerSocket second = new ServerSocket(port + 1)) {
                        return port;
                    } catch (IOException taken) {
                        // try another pair
                    }
                }
            }
        }
        throw new IOException("no two neighbouring free TCP ports found for slurmctld and slurmd");
    }
}
