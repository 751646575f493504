package io.github.resnetspi.cli;

import io.github.resnetspi.api.BackendSelectionException;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.spi.BackendProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * The backends the CLI can use: every provider registered for {@link java.util.ServiceLoader}, plus the float64
 * reference backend of the conformance kit, which is deliberately not registered (so that it never wins the
 * default selection of an application) and is added here by name when its artifact is on the classpath.
 * Building the catalog loads no native code.
 */
public final class BackendCatalog {
    public static final String REFERENCE = "reference";
    static final String REFERENCE_CLASS = "io.github.resnetspi.conformance.reference.ReferenceProvider";

    private final Backends backends;
    private final List<String> loadErrors;

    private BackendCatalog(Backends backends, List<String> loadErrors) {
        this.backends = backends;
        this.loadErrors = loadErrors;
    }

    public static BackendCatalog discover() {
        Backends found = Backends.discover();
        List<BackendProvider> all = new ArrayList<>(found.providers());
        List<String> errors = new ArrayList<>(found.loadErrors());
        if (all.stream().noneMatch(p -> p.name().equals(REFERENCE))) {
            try {
                Class<?> c = Class.forName(REFERENCE_CLASS, true, BackendCatalog.class.getClassLoader());
                all.add((BackendProvider) c.getConstructor().newInstance());
            } catch (ClassNotFoundException e) {
                // The conformance artifact was left off the classpath: there is simply no reference backend.
            } catch (ReflectiveOperationException | LinkageError e) {
                errors.add("reference backend: " + e);
            }
        }
        return new BackendCatalog(Backends.of(all, System::getProperty, System::getenv), errors);
    }

    /** For tests: a fixed set of providers. */
    public static BackendCatalog of(List<BackendProvider> providers) {
        return new BackendCatalog(Backends.of(providers, k -> null, k -> null), List.of());
    }

    public List<BackendProvider> providers() {
        return backends.providers();
    }

    public List<String> names() {
        return providers().stream().map(BackendProvider::name).toList();
    }

    public List<String> loadErrors() {
        return loadErrors;
    }

    /**
     * The named backend, or the default selection ({@link Backends}) when {@code name} is null. A name that is not
     * found is a bad argument ({@link UsageException}, exit code 2); the message lists the backends found.
     */
    public BackendProvider select(String name) {
        if (name == null) {
            return backends.selected();
        }
        try {
            return backends.get(name);
        } catch (BackendSelectionException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Fails with the list of known backends when {@code name} is not one of them. */
    public void requireKnown(String name) {
        backends.get(name);
    }
}
