package io.github.resnetspi.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a backend reports about itself, as DJL's {@code Engine.debugEnvironment()} does for an engine: whether it is
 * available (and if not, one sentence saying what is missing and what to do), the engine and its version, the
 * devices it sees, and {@code details}: the settings in effect that change its speed or behaviour (threads and where
 * they came from, build flags such as oneDNN/MKL, the relevant properties and environment variables).
 *
 * @param backend       the backend's name
 * @param engine        the engine's name
 * @param engineVersion the engine's version, or {@code unknown}
 * @param available     whether the engine loaded
 * @param problem       null when available, otherwise what is missing and what to do
 * @param devices       the devices the engine sees (the CPU first)
 * @param details       settings in effect, in display order (e.g. {@code intra-op threads → 2 (resnetspi.threads)})
 */
public record BackendInfo(String backend, String engine, String engineVersion, boolean available, String problem,
                          List<Device> devices, Map<String, String> details) {
    /**
     * Copies the devices and details, keeping the details' order.
     *
     * @param backend       the backend's name
     * @param engine        the engine's name
     * @param engineVersion the engine's version, or {@code unknown}
     * @param available     whether the engine loaded
     * @param problem       null when available, otherwise what is missing and what to do
     * @param devices       the devices the engine sees (the CPU first)
     * @param details       settings in effect, in display order (e.g. {@code intra-op threads → 2 (resnetspi.threads)})
     */
    public BackendInfo {
        Objects.requireNonNull(backend, "backend");
        devices = List.copyOf(devices);
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /**
     * @param backend       the backend's name
     * @param engine        the engine's name
     * @param engineVersion the engine's version
     * @param devices       the devices the engine sees
     * @param details       the settings in effect
     * @return an available backend's info
     */
    public static BackendInfo available(String backend, String engine, String engineVersion, List<Device> devices,
                                        Map<String, String> details) {
        return new BackendInfo(backend, engine, engineVersion, true, null, devices, details);
    }

    /**
     * @param backend       the backend's name
     * @param engine        the engine's name
     * @param engineVersion the engine's version
     * @param devices       the devices the engine sees
     * @return an available backend's info without details
     */
    public static BackendInfo available(String backend, String engine, String engineVersion, List<Device> devices) {
        return available(backend, engine, engineVersion, devices, Map.of());
    }

    /**
     * @param backend the backend's name
     * @param engine  the engine's name
     * @param problem what is missing and what to do
     * @return an unavailable backend's info
     */
    public static BackendInfo unavailable(String backend, String engine, String problem) {
        return new BackendInfo(backend, engine, "unknown", false, problem, List.of(), Map.of());
    }
}
