package io.github.resnetspi.conformance;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.api.presets.Presets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Run by {@link ThreadSettingChecks} in a fresh JVM, because engines fix their thread pools per process:
 * {@code ThreadSettingProbe BACKEND [COMPILE_THREADS]} compiles a small model (with {@code CompileOptions.threads} when
 * given) and prints the backend's {@code info().details()} as {@code DETAIL key=value} lines, or one
 * {@code ERROR message} line.
 */
public final class ThreadSettingProbe {
    /** Prefix of each reported detail. */
    static final String DETAIL = "DETAIL ";
    /** Prefix of the line reporting a failure. */
    static final String ERROR = "ERROR ";

    /** The number of threads the process runs after compiling, native ones included (Linux /proc). */
    static final String PROCESS_THREADS = "process threads";

    private ThreadSettingProbe() {
    }

    private static long processThreads() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.count();
        }
    }

    /**
     * @param args the backend's name, optionally the compile option's thread count
     * @throws IOException if the process's threads cannot be counted
     */
    @SuppressWarnings("try") // the model is compiled for its effect on the engine's threads, and closed
    public static void main(String[] args) throws IOException {
        try {
            Backend p = Backends.discover().get(args[0]);
            CompileOptions o = CompileOptions.defaults().withThreads(args.length > 1 ? Integer.parseInt(args[1]) : 0);
            try (Model m = p.compile(Presets.build("resnet-tiny"), o)) {
                p.info().details().forEach((k, v) -> System.out.println(DETAIL + k + "=" + v));
                System.out.println(DETAIL + PROCESS_THREADS + "=" + processThreads());
            }
        } catch (ResnetSpiException e) {
            System.out.println(ERROR + e.getMessage());
        }
        System.out.flush();
    }
}
