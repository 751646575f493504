package io.github.resnetspi.api;

import io.github.resnetspi.api.spi.BackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds {@link BackendProvider}s with {@link ServiceLoader} and picks one, as SLF4J 2 picks its provider:
 * <ol>
 *   <li>System property {@value #PROPERTY}, else environment variable {@value #ENV}: that backend, bypassing
 *       discovery order, or an error listing what was found.</li>
 *   <li>Exactly one provider on the class path: that one.</li>
 *   <li>Several: the one with the lowest {@link Backend#rank()} (ties: the name), logged once.</li>
 *   <li>None: an error saying what to add.</li>
 * </ol>
 * A provider whose class fails to load, or that was built for another {@link BackendProvider#SPI_VERSION SPI version},
 * is left out and its error is kept for the messages; the others still work. Discovery on the context class loader
 * runs once per process ({@link #discover()}; {@link #rescan()} forgets it).
 * Names match without regard to case ({@code DJL-PyTorch} selects {@code djl-pytorch}). Selection knows no backend by
 * name: providers describe themselves; only the message for an empty class path, where there is no provider to ask,
 * lists the artifacts of the project's backends.
 */
public final class Backends {
    /** System property naming the backend {@link #selected()} returns. */
    public static final String PROPERTY = "resnetspi.backend";
    /** Environment variable naming the backend, read when the property is not set. */
    public static final String ENV = "RESNETSPI_BACKEND";

    /**
     * The project's backend artifacts, most preferred first, as docs/errors.md#backend-not-found lists them: what the
     * message for an empty class path offers.
     */
    static final List<String> PROJECT_ARTIFACTS = List.of("io.github.resnetspi:resnet-spi-backend-djl-pytorch",
            "io.github.resnetspi:resnet-spi-backend-tensorflow", "io.github.resnetspi:resnet-spi-backend-djl-mxnet",
            "io.github.resnetspi:resnet-spi-backend-dl4j", "io.github.resnetspi:resnet-spi-backend-onnxruntime", "io.github.resnetspi:resnet-spi-backend-reference");

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
    private static final AtomicBoolean LOGGED_DEFAULT = new AtomicBoolean();
    private static final Comparator<Backend> PREFERENCE =
            Comparator.comparingInt(Backend::rank).thenComparing(Backend::name);
    private static final Map<ClassLoader, Backends> DISCOVERED = new java.util.WeakHashMap<>();

    private final List<Backend> providers;
    private final List<String> loadErrors;
    private final Function<String, String> properties;
    private final Function<String, String> environment;

    Backends(List<? extends Backend> providers, List<String> loadErrors,
             Function<String, String> properties, Function<String, String> environment) {
        List<Backend> accepted = new ArrayList<>();
        List<String> errors = new ArrayList<>(loadErrors);
        for (Backend b : providers) {
            String refusal = spiRefusal(b);
            if (refusal == null) {
                accepted.add(b);
            } else {
                errors.add(refusal);
            }
        }
        this.providers = List.copyOf(accepted);
        this.loadErrors = List.copyOf(errors);
        this.properties = properties;
        this.environment = environment;
    }

    /**
     * The providers on this thread's context class path, with the JVM's properties and environment: scanned on the
     * first call for that class loader and remembered, as SLF4J and DJL bind once per process.
     *
     * @return the providers found
     */
    public static Backends discover() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        synchronized (DISCOVERED) {
            return DISCOVERED.computeIfAbsent(loader, Backends::scan);
        }
    }

    /** Forgets what {@link #discover()} found, so that its next call scans the class path again (for tests). */
    public static void rescan() {
        synchronized (DISCOVERED) {
            DISCOVERED.clear();
        }
    }

    /**
     * Scans {@code loader} now, without remembering the result.
     *
     * @param loader the class loader to search
     * @return the providers it registers, with the JVM's properties and environment
     */
    public static Backends discover(ClassLoader loader) {
        return scan(loader);
    }

    private static Backends scan(ClassLoader loader) {
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
                errors.add(Causes.of(e));
            }
        }
        return new Backends(found, errors, System::getProperty, System::getenv);
    }

    /**
     * For tests and embedders: a fixed set of providers and explicit property/environment lookups.
     *
     * @param providers   the providers
     * @param properties  system property lookup
     * @param environment environment variable lookup
     * @return a selection over them
     */
    public static Backends of(List<? extends Backend> providers, Function<String, String> properties,
                              Function<String, String> environment) {
        return new Backends(providers, List.of(), properties, environment);
    }

    /** @return the backend selected as described on the class */
    public static Backend select() {
        return discover().selected();
    }

    /** @return every provider found, in discovery order */
    public List<Backend> providers() {
        return providers;
    }

    /** @return every provider found, most preferred (lowest rank) first */
    public List<Backend> byPreference() {
        return providers.stream().sorted(PREFERENCE).toList();
    }

    /** @return the messages of providers that were registered but could not be loaded */
    public List<String> loadErrors() {
        return loadErrors;
    }

    /**
     * @param name a backend name, in any case
     * @return the provider of that name, if found
     */
    public Optional<Backend> find(String name) {
        return providers.stream().filter(p -> p.name().equalsIgnoreCase(name.strip())).findFirst();
    }

    /**
     * @param role a role
     * @return the most preferred backend that declares {@code role}, if any
     */
    public Optional<Backend> withRole(Role role) {
        return byPreference().stream().filter(p -> p.roles().contains(role)).findFirst();
    }

    /**
     * @param name a backend name, in any case
     * @return the provider of that name
     * @throws BackendSelectionException listing what was found when there is none
     */
    public Backend get(String name) {
        return find(name).orElseThrow(() -> new BackendSelectionException("unknown backend '" + name + "'. "
                + foundClause() + " Put the jar that provides backend '" + name + "' on the class path." + errorsClause()));
    }

    /**
     * @param name a backend name, or null
     * @return the backend of that name, or the {@link #selected() default selection} when {@code name} is null
     * @throws BackendSelectionException when there is no such backend
     */
    public Backend select(String name) {
        return name == null ? selected() : get(name);
    }

    /**
     * @return the backend named by {@value #PROPERTY} or {@value #ENV}, else the only one, else the lowest-ranked
     * @throws BackendSelectionException when none is found, or the named one is not on the class path
     */
    public Backend selected() {
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
                    + " is not on the class path. " + foundClause() + " Put the jar that provides backend '" + n
                    + "' on the class path, or name one that is there." + errorsClause()));
        }
        if (providers.isEmpty()) {
            throw new BackendSelectionException("no resnet-spi backend on the class path: add one backend artifact, "
                    + String.join(", ", PROJECT_ARTIFACTS.subList(0, PROJECT_ARTIFACTS.size() - 1)) + " or "
                    + PROJECT_ARTIFACTS.get(PROJECT_ARTIFACTS.size() - 1) + " (several work too; then the lowest-ranked"
                    + " is used unless -D" + PROPERTY + "=NAME names one)." + errorsClause());
        }
        List<Backend> ranked = byPreference();
        Backend chosen = ranked.get(0);
        if (ranked.size() > 1 && LOGGED_DEFAULT.compareAndSet(false, true)) {
            LOG.info("several resnet-spi backends found {}; using '{}' (lowest rank, {}). Set -D{}=NAME or {} to choose.",
                    ranked.stream().map(p -> p.name() + " (rank " + p.rank() + ")").toList(), chosen.name(),
                    chosen.rank(), PROPERTY, ENV);
        }
        return chosen;
    }

    /**
     * Describes the whole environment in one call, as DJL's {@code Engine.debugEnvironment()} does: every backend's
     * {@link BackendInfo} (loading each engine), the providers that failed to load, which backend would be selected,
     * and the settings that decide selection and threads. Loads every engine into this JVM.
     *
     * @return the description; never throws for a broken backend (it is reported unavailable)
     */
    public BackendsDescription describe() {
        List<BackendsDescription.Entry> entries = new ArrayList<>();
        for (Backend p : byPreference()) {
            entries.add(new BackendsDescription.Entry(safeInfo(p), p.rank(), p.artifact()));
        }
        return new BackendsDescription(entries, loadErrors, settings());
    }

    /**
     * The JVM-wide settings that decide selection and threads, and the backend that would be selected; loads no engine.
     *
     * @return setting name to value, in display order ({@code null} values printed as {@code null})
     */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        settings.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        settings.put("available processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
        settings.put(PROPERTY, String.valueOf(properties.apply(PROPERTY)));
        settings.put(ENV, String.valueOf(environment.apply(ENV)));
        settings.put(Threads.PROPERTY, String.valueOf(properties.apply(Threads.PROPERTY)));
        settings.put(Threads.ENV, String.valueOf(environment.apply(Threads.ENV)));
        String selected;
        try {
            selected = selected().name();
        } catch (BackendSelectionException e) {
            selected = "none: " + e.getMessage();
        }
        settings.put("selected backend", selected);
        return settings;
    }

    private static BackendInfo safeInfo(Backend p) {
        try {
            return p.info();
        } catch (RuntimeException | LinkageError e) {
            return BackendInfo.unavailable(p.name(), "unknown", "info() failed: " + Causes.of(e));
        }
    }

    /**
     * @param backend a backend offered to the selection
     * @return why it is refused (it is a provider built for another SPI version), or null when it is accepted
     */
    private static String spiRefusal(Backend backend) {
        if (!(backend instanceof BackendProvider provider)) {
            return null;
        }
        int built;
        try {
            built = provider.spiVersion();
        } catch (AbstractMethodError e) {
            built = 1; // providers built before the SPI carried a version
        }
        if (built == BackendProvider.SPI_VERSION) {
            return null;
        }
        String artifact = provider.artifact();
        return "backend '" + provider.name() + "'" + (artifact == null ? "" : " (" + artifact + ")")
                + " was built for resnet-spi SPI version " + built + ", but this resnet-spi-api implements SPI version "
                + BackendProvider.SPI_VERSION + ": use the release of that backend built for this api, or the api"
                + " release of SPI version " + built + " (" + "see " + ErrorAnchor.SPI_VERSION.reference() + ")";
    }

    private String foundClause() {
        if (providers.isEmpty()) {
            return "No backend was found on the class path.";
        }
        List<String> found = new ArrayList<>();
        for (Backend p : byPreference()) {
            String artifact = p.artifact();
            found.add(p.name() + (artifact == null ? "" : " (" + artifact + ")"));
        }
        return "Found: " + String.join(", ", found) + ".";
    }

    private String errorsClause() {
        return loadErrors.isEmpty() ? "" : " Providers that failed to load: " + String.join("; ", loadErrors) + ".";
    }
}
