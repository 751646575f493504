package io.github.resnetspi.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the CLI in a JVM of its own: for what one process cannot show (a lock across processes, a tiny heap, natives). */
final class CliProcess {
    private CliProcess() {
    }

    /** {@code java <jvmOptions> -cp <this class path> Main <args>} with {@code env} added to this environment. */
    static ProcessBuilder builder(List<String> jvmOptions, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-Dai.djl.offline=true", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        return pb;
    }

    /** Runs to the end; returns exit code, stdout and stderr. */
    static Cli run(List<String> jvmOptions, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Process p = builder(jvmOptions, env, args).start();
        p.getOutputStream().close();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.completeExceptionally(e);
            }
        });
        t.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int code = p.waitFor();
        t.join();
        return new Cli(code, out, err.join());
    }
}
