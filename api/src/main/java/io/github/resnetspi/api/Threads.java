package io.github.resnetspi.api;

import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.ResnetSpiException;
import java.util.function.Function;

/**
 * The one neutral thread setting every backend honours: how many CPU threads an engine's kernels use (intra-op
 * parallelism). In order: {@link CompileOptions#threads()} when positive, else system property {@value #PROPERTY},
 * else environment variable {@value #ENV}, else every processor the JVM may use
 * ({@link Runtime#availableProcessors()}). An engine-specific setting the user made (e.g. {@code OMP_NUM_THREADS},
 * {@code ai.djl.pytorch.num_threads}) still wins; backends report which one applied in {@link BackendInfo#details()}.
 */
public final class Threads {
    /** System property with the default thread count. */
    public static final String PROPERTY = "resnetspi.threads";
    /** Environment variable with the default thread count, read when the property is not set. */
    public static final String ENV = "RESNETSPI_THREADS";
    /**
     * The most threads a count may name per processor the JVM may use: beyond a few per core an engine only
     * oversubscribes, and a slip such as 100000 would start that many native threads before any output.
     */
    public static final int MAX_PER_PROCESSOR = 4;

    private Threads() {
    }

    /**
     * A thread count and where it came from, for reports.
     *
     * @param threads the number of threads, ≥ 1
     * @param source  where it came from, e.g. {@code "system property resnetspi.threads"}
     */
    public record Count(int threads, String source) {
    }

    /**
     * @param options the compile options of a model
     * @return the thread count the model's engine should use, with its source
     * @throws ResnetSpiException when the property or variable is not a positive whole number
     */
    public static Count resolve(CompileOptions options) {
        return resolve(options.threads(), System::getProperty, System::getenv);
    }

    /**
     * @return the default thread count, ignoring any compile options (for engines that size their pools once, when
     *         their natives load)
     * @throws ResnetSpiException when the property or variable is not a positive whole number
     */
    public static Count processDefault() {
        return resolve(0, System::getProperty, System::getenv);
    }

    /**
     * The resolution with explicit lookups, for tests.
     *
     * @param requested   the compile option (0 = not set)
     * @param properties  system property lookup
     * @param environment environment variable lookup
     * @return the count and its source
     */
    public static Count resolve(int requested, Function<String, String> properties, Function<String, String> environment) {
        if (requested > 0) {
            return new Count(requested, "CompileOptions.threads");
        }
        String p = properties.apply(PROPERTY);
        if (p != null && !p.isBlank()) {
            return new Count(parse(p, "system property " + PROPERTY), "system property " + PROPERTY);
        }
        String e = environment.apply(ENV);
        if (e != null && !e.isBlank()) {
            return new Count(parse(e, "environment variable " + ENV), "environment variable " + ENV);
        }
        int all = Runtime.getRuntime().availableProcessors();
        return new Count(all, "default: all " + all + " available processors");
    }

    /**
     * Makes {@code threads} this process's default ({@value #PROPERTY}), as an application's own thread option does
     * before any engine loads: an engine's natives read the default once, when they load
     * ({@link io.github.resnetspi.api.spi.NativeRuntime}), and child JVMs given this process's {@code resnetspi.*}
     * properties inherit it.
     *
     * @param threads the thread count
     * @throws IllegalArgumentException when {@code threads} is no thread count ({@link #outOfRange})
     */
    public static void setProcessDefault(int threads) {
        String problem = outOfRange(threads);
        if (problem != null) {
            throw new IllegalArgumentException("thread count " + problem);
        }
        System.setProperty(PROPERTY, Integer.toString(threads));
    }

    /**
     * @return the largest thread count accepted: {@value #MAX_PER_PROCESSOR} per processor the JVM may use
     */
    public static int max() {
        return MAX_PER_PROCESSOR * Runtime.getRuntime().availableProcessors();
    }

    /**
     * @param n a thread count asked for
     * @return why {@code n} is no thread count, for a message naming the setting: {@code "must be from 1 to 8 (4 per
     *         available processor; this machine has 2), got 100000"}; null when it is one
     */
    public static String outOfRange(long n) {
        if (n >= 1 && n <= max()) {
            return null;
        }
        return "must be from 1 to " + max() + " (" + MAX_PER_PROCESSOR + " per available processor; this machine has "
                + Runtime.getRuntime().availableProcessors() + "), got " + n;
    }

    private static int parse(String value, String where) {
        int n = 0;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            // reported below
        }
        if (n < 1) {
            throw new ResnetSpiException(where + " must be a positive whole number of threads, got '" + value + "'",
                    ErrorAnchor.THREADS);
        }
        String problem = outOfRange(n);
        if (problem != null) {
            throw new ResnetSpiException(where + " " + problem, ErrorAnchor.THREADS);
        }
        return n;
    }
}
