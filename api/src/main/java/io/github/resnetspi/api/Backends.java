package io.github.resnetspi.api;

import io.github.resnetspi.api.spi.BackendProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Finds {@link BackendProvider}s with {@link ServiceLoader} and picks one.
 * <ol>
 *   <li>System property {@value #PROPERTY}, else environment variable {@value #ENV}: that backend, or an error
 *       listing what was found.</li>
 *   <li>Exactly one provider on the classpath: that one.</li>
 *   <li>Several: the first in {@link #DEFAULT_ORDER}, logged once.</li>
 *   <li>None: an error saying which artifact to add.</li>
 * </ol>
 * A provider whose class fails to load is left out and its error is kept for the messages; the others still work.
 */
public final class Backends {
    public static final String PROPERTY = "resnetspi.backend";
    public static final String ENV = "RESNETSPI_BACKEND";
    /** Preference when several backends are present and none is named. */
    public static final List<String> DEFAULT_ORDER = List.of("djl-pytorch", "tensorflow", "djl-mxnet", "reference");

    /** Backend name to the Maven artifact that provides it. */
    public static final Map<String, String> ARTIFACTS = artifacts();

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());
    private static final AtomicBoolean LOGGED_DEFAULT = new AtomicBoolean();

    private final List<BackendProvider> providers;
    private final List<String> loadErrors;
    private final Function<String, String> properties;
    private final Function<String, String> environment;

    Backends(List<BackendProvider> providers, List<String> loadErrors,
             Function<String, String> properties, Function<String, String> environment) {
        this.providers = List.copyOf(providers);
        this.loadErrors = List.copyOf(loadErrors);
        this.properties = properties;
        this.environment = environment;
    }

    /** The providers on this thread's context class path, with the JVM's property and environment. */
    public static Backends discover() {
        return discover(Thread.currentThread().getContextClassLoader());
    }

    public static Backends discover(ClassLoader loader) {
        List<BackendProvider> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Iterator<BackendProvider> it = ServiceLoader.load(BackendProvider.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                errors.add(e.getMessage());
            }
        }
        return new Backends(found, errors, System::getProperty, System::getenv);
    }

    /** For tests and embedders: a fixed set of providers and explicit property/environment lookups. */
    public static Backends of(List<BackendProvider> providers, Function<String, String> properties,
                              Function<String, String> environment) {
        return new Backends(providers, List.of(), properties, environment);
    }

    /** Selects the backend as described on the class. */
    public static BackendProvider select() {
        return discover().selected();
    }

    /** Every provider found, in discovery order. */
    public List<BackendProvider> providers() {
        return providers;
    }

    /** Messages of providers that were registered but could not be loaded. */
    public List<String> loadErrors() {
        return loadErrors;
    }

    public Optional<BackendProvider> find(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The provider named {@code name}; an error listing what was found and naming the artifact otherwise. */
    public BackendProvider get(String name) {
        return find(name).orElseThrow(() -> new BackendSelectionException("unknown backend '" + name + "'. "
                + foundClause() + " " + addClause(name)));
    }

    public BackendProvider selected() {
        String named = properties.apply(PROPERTY);
        String source = "system property " + PROPERTY;
        if (named == null || named.isBlank()) {
            named = environment.apply(ENV);
            source = "environment variable " + ENV;
        }
        if (named != null && !named.isBlank()) {
            String n = named.trim();
            String by = source;
            return find(n).orElseThrow(() -> new BackendSelectionException("backend '" + n + "' named by " + by
                    + " is not on the classpath. " + foundClause() + " " + addClause(n)));
        }
        if (providers.isEmpty()) {
            throw new BackendSelectionException("no resnet-spi backend on the classpath. " + addClause(null)
                    + errorsClause());
        }
        if (providers.size() == 1) {
            return providers.get(0);
        }
        BackendProvider chosen = providers.stream()
                .min((a, b) -> Integer.compare(rank(a.name()), rank(b.name())))
                .orElseThrow();
        if (LOGGED_DEFAULT.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, "several resnet-spi backends found " + names()
                    + "; using '" + chosen.name() + "'. Set -D" + PROPERTY + "=NAME or " + ENV + " to choose.");
        }
        return chosen;
    }

    private static int rank(String name) {
        int i = DEFAULT_ORDER.indexOf(name);
        return i < 0 ? DEFAULT_ORDER.size() : i;
    }

    private List<String> names() {
        return providers.stream().map(BackendProvider::name).toList();
    }

    private String foundClause() {
        return providers.isEmpty() ? "No backend was found on the classpath." : "Found: " + String.join(", ", names()) + ".";
    }

    private String errorsClause() {
        return loadErrors.isEmpty() ? "" : " Providers that failed to load: " + String.join("; ", loadErrors);
    }

    private static String addClause(String name) {
        String artifact = name == null ? null : ARTIFACTS.get(name);
        if (artifact != null) {
            return "Add io.github.resnetspi:" + artifact + " to the classpath.";
        }
        return "Known backends: " + String.join(", ", ARTIFACTS.keySet()) + "; add one of the artifacts "
                + String.join(", ", ARTIFACTS.values()) + " (group io.github.resnetspi) to the classpath.";
    }

    private static Map<String, String> artifacts() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("djl-pytorch", "resnet-spi-backend-djl-pytorch");
        m.put("djl-mxnet", "resnet-spi-backend-djl-mxnet");
        m.put("tensorflow", "resnet-spi-backend-tensorflow");
        m.put("reference", "resnet-spi-conformance-tests");
        return Collections.unmodifiableMap(m);
    }
}
