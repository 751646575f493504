package io.github.resnetspi.api.spi;

import java.util.List;
import java.util.Objects;

/**
 * What a backend reports about itself. {@code problem} is null when available, otherwise one sentence saying
 * what is missing and what to do.
 */
public record BackendInfo(String backend, String engine, String engineVersion, boolean available, String problem,
                          List<Device> devices) {
    public BackendInfo {
        Objects.requireNonNull(backend, "backend");
        devices = List.copyOf(devices);
    }

    public static BackendInfo available(String backend, String engine, String engineVersion, List<Device> devices) {
        return new BackendInfo(backend, engine, engineVersion, true, null, devices);
    }

    public static BackendInfo unavailable(String backend, String engine, String problem) {
        return new BackendInfo(backend, engine, "unknown", false, problem, List.of());
    }
}
