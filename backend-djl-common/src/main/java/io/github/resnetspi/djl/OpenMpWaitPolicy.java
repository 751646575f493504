package io.github.resnetspi.djl;

import java.util.Locale;
import java.util.function.Function;

/**
 * How OpenMP's idle team threads wait, for the engines whose natives bring GNU OpenMP (libtorch's {@code libgomp} and
 * the {@code libgomp.so.1} of MXNet 1.9.1's MKL build; neither ships Intel's OpenMP, so {@code KMP_BLOCKTIME} does
 * nothing here). By default libgomp spins for a while before it sleeps: fastest on an idle machine, but on one where
 * other processes hold the cores the spinning threads take the cores the working ones need. libgomp reads
 * {@value #VARIABLE} once, when it loads, so this is set through the native environment before the natives load
 * (child JVMs inherit the launcher's environment, so the setting reaches compare's cells too).
 *
 * <p>The setting: system property {@value #PROPERTY}, else environment variable {@value #ENV}: {@code default}
 * (leave OpenMP's own behaviour, the default), {@code passive} (sleep at once) or {@code active} (always spin). A
 * {@value #VARIABLE} the user set wins over it.
 */
final class OpenMpWaitPolicy {
    /** The system property that chooses the policy. */
    static final String PROPERTY = "resnetspi.omp.wait";
    /** The environment variable that chooses the policy when the property is not set. */
    static final String ENV = "RESNETSPI_OMP_WAIT";
    /** OpenMP's own variable, read by libgomp when it loads. */
    static final String VARIABLE = "OMP_WAIT_POLICY";
    /** The setting in effect when none is given. */
    static final String DEFAULT = "default";

    private static String chosen;

    private OpenMpWaitPolicy() {
    }

    /** Sets {@value #VARIABLE} for native code from the setting, unless the user set it; call before the natives load. */
    static synchronized void apply() {
        chosen = choice(System::getProperty, System::getenv);
        if (!DEFAULT.equals(chosen)) {
            NativeEnvironment.setUnlessUserSet(VARIABLE, chosen.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * @param properties system properties
     * @param environment environment variables
     * @return {@code default}, {@code passive} or {@code active}
     * @throws io.github.resnetspi.api.ResnetSpiException when the setting is something else
     */
    static String choice(Function<String, String> properties, Function<String, String> environment) {
        String where = PROPERTY;
        String value = properties.apply(PROPERTY);
        if (value == null || value.isBlank()) {
            where = ENV;
            value = environment.apply(ENV);
        }
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (!v.equals(DEFAULT) && !v.equals("passive") && !v.equals("active")) {
            throw new io.github.resnetspi.api.ResnetSpiException(where + " must be default, passive or active, got '"
                    + value + "'");
        }
        return v;
    }

    /** @return the policy native code sees and who set it, for an engine's details */
    static synchronized String describe() {
        String now = NativeEnvironment.nativeValue(VARIABLE);
        if (NativeEnvironment.userValue(VARIABLE) != null) {
            return now + " (set by the user)";
        }
        if (now == null) {
            return "unset: OpenMP's default, threads spin a while before they sleep (" + PROPERTY + " / " + ENV
                    + " = passive changes it)";
        }
        return now + " (set by resnet-spi from " + PROPERTY + " / " + ENV + "=" + chosen + ")";
    }
}
