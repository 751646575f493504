package io.github.resnetspi.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole environment as {@link Backends#describe()} found it: each backend with its info, rank and artifact (most
 * preferred first), the providers that failed to load, and the JVM-wide settings that decide selection and threads.
 *
 * @param backends   every backend, most preferred first
 * @param loadErrors providers registered but not loadable
 * @param settings   JVM, OS, processors, selection and thread settings, and the backend that would be selected
 */
public record BackendsDescription(List<Entry> backends, List<String> loadErrors, Map<String, String> settings) {
    /**
     * Copies the lists and settings, keeping the settings' order.
     *
     * @param backends   every backend, most preferred first
     * @param loadErrors providers registered but not loadable
     * @param settings   JVM, OS, processors, selection and thread settings, and the backend that would be selected
     */
    public BackendsDescription {
        backends = List.copyOf(backends);
        loadErrors = List.copyOf(loadErrors);
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * One backend.
     *
     * @param info     what it reports about itself
     * @param rank     its {@link Backend#rank()}
     * @param artifact its Maven coordinates, or null
     */
    public record Entry(BackendInfo info, int rank, String artifact) {
    }

    /** @return {@link #toText()}: one block per backend, then the settings */
    @Override
    public String toString() {
        return toText();
    }

    /** @return a plain-text rendering, one block per backend, then the settings */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : backends) {
            BackendInfo b = e.info();
            sb.append(b.backend()).append('\n');
            line(sb, "engine", b.engine() + " " + b.engineVersion());
            line(sb, "rank", Integer.toString(e.rank()));
            if (e.artifact() != null) {
                line(sb, "artifact", e.artifact());
            }
            line(sb, "status", b.available() ? "available" : "unavailable: " + b.problem());
            if (b.available()) {
                line(sb, "devices", String.join(", ", b.devices().stream().map(Device::toString).toList()));
            }
            b.details().forEach((k, v) -> line(sb, k, v));
        }
        for (String e : loadErrors) {
            sb.append("failed to load a provider: ").append(e).append('\n');
        }
        sb.append("environment\n");
        settings.forEach((k, v) -> line(sb, k, v));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append("  ").append(key).append(": ").append(value).append('\n');
    }
}
