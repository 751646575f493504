package io.github.resnetspi.conformance;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.DeviceRequest;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The concrete kit {@link ConformanceRunner} launches: its provider, device and report directory are set by the
 * runner before each launch (one launch at a time). Launched without the runner, it tests the backend
 * {@link Backends#select()} picks (system property {@value Backends#PROPERTY}).
 */
final class RunnerKit extends BackendConformanceKit {
    static volatile Supplier<Backend> provider;
    static volatile DeviceRequest device = DeviceRequest.CPU;
    static volatile Path reportDirectory;

    RunnerKit() {
    }

    @Override
    protected Backend provider() {
        Supplier<Backend> p = provider;
        // launched by other means (a console launcher, say): the backend chosen by -Dresnetspi.backend
        return p == null ? Backends.select() : p.get();
    }

    @Override
    protected DeviceRequest device() {
        return device;
    }

    @Override
    protected Path reportDirectory() {
        return reportDirectory == null ? super.reportDirectory() : reportDirectory;
    }

    /** The runner's classpath may hold several backends (the CLI's): discovery checks this one is found once. */
    @Override
    protected boolean expectSoleProvider() {
        return false;
    }
}
