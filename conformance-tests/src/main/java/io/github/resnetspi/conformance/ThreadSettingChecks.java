package io.github.resnetspi.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetspi.api.Threads;
import io.github.resnetspi.api.spi.NativeRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Checks that the neutral thread setting ({@link Threads}) reaches a backend's engine, by the count the engine itself
 * reports in {@code BackendInfo.details()} under {@value #INTRA_OP}, and that bad values are clear errors. Engines fix
 * their pools per process, so each check runs {@link ThreadSettingProbe} in a fresh JVM with this JVM's class path.
 * A backend module adds one small subclass naming its backend and whether its engine can change threads after loading.
 */
public abstract class ThreadSettingChecks {
    /** The detail every engine backend reports its intra-op (kernel) thread count under, as the engine counts it. */
    public static final String INTRA_OP = NativeRuntime.INTRA_OP;

    /** @return the name of the backend under test */
    protected abstract String backend();

    /**
     * @return whether a model compiled after the engine loaded can ask for another thread count (libtorch can;
     *         MXNet and TensorFlow size their pools once, so they must refuse with a clear error)
     */
    protected abstract boolean threadsChangeAfterLoad();

    @Test
    @DisplayName("threads: -Dresnetspi.threads=N reaches the engine (its own count is N), by default every processor")
    void propertyReachesEngine() throws IOException {
        assertEquals(1, intraOp(probe(List.of("-D" + Threads.PROPERTY + "=1"))));
        assertEquals(3, intraOp(probe(List.of("-D" + Threads.PROPERTY + "=3"))));
        assertEquals(Runtime.getRuntime().availableProcessors(), intraOp(probe(List.of())),
                "without a setting the engine uses every available processor");
    }

    @Test
    @DisplayName("threads: a thread setting that is not a positive whole number is one clear error naming it")
    void badValueIsClearError() throws IOException {
        Map<String, String> out = probe(List.of("-D" + Threads.PROPERTY + "=two"));
        String error = out.get(ThreadSettingProbe.ERROR);
        assertTrue(error != null && error.contains(Threads.PROPERTY) && error.contains("'two'")
                && error.contains("docs/errors.md#threads"), "expected one clear error, got " + out);
    }

    @Test
    @DisplayName("threads: CompileOptions.threads is honoured where the engine can change its pool, else refused clearly")
    void compileOptionAfterLoad() throws IOException {
        Map<String, String> out = probe(List.of("-D" + Threads.PROPERTY + "=2"), "1");
        if (threadsChangeAfterLoad()) {
            assertEquals(1, intraOp(out));
        } else {
            String error = out.get(ThreadSettingProbe.ERROR);
            assertTrue(error != null && error.contains("cannot ask for 1") && error.contains("docs/errors.md#threads"),
                    "expected the engine to refuse another thread count after loading, got " + out);
        }
    }

    /**
     * Runs the probe with {@code -Dresnetspi.threads=n} and returns what it reported.
     *
     * @param n the thread count
     * @return the details the backend reported, plus {@code process threads}
     * @throws IOException when the probe cannot start
     */
    protected final Map<String, String> probeWithThreads(int n) throws IOException {
        return probe(List.of("-D" + Threads.PROPERTY + "=" + n));
    }

    private static int intraOp(Map<String, String> details) {
        String v = details.get(INTRA_OP);
        assertTrue(v != null, "the backend reports no '" + INTRA_OP + "' detail: " + details);
        return Integer.parseInt(v.split(" ")[0]);
    }

    /** Runs the probe; returns its details by key, or its error under {@link ThreadSettingProbe#ERROR}. */
    private Map<String, String> probe(List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dai.djl.offline=true");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ThreadSettingProbe.class.getName());
        cmd.add(backend());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("OMP_NUM_THREADS"); // a user's engine-specific setting would win over the probe's
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the thread probe did not finish within 120 s: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (String line : output.lines().toList()) {
            if (line.startsWith(ThreadSettingProbe.DETAIL)) {
                String kv = line.substring(ThreadSettingProbe.DETAIL.length());
                int eq = kv.indexOf('=');
                result.put(kv.substring(0, eq), kv.substring(eq + 1));
            } else if (line.startsWith(ThreadSettingProbe.ERROR)) {
                result.put(ThreadSettingProbe.ERROR, line.substring(ThreadSettingProbe.ERROR.length()));
            }
        }
        assertTrue(!result.isEmpty() && p.exitValue() == 0, "the thread probe printed no result (exit " + p.exitValue()
                + "): " + output);
        return result;
    }
}
