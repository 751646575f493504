package io.github.resnetspi.api.spi;

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

    private static int parse(String value, String where) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ResnetSpiException(where + " must be a positive whole number of threads, got '" + value + "'",
                ErrorAnchor.THREADS);
    }
}
