package io.github.resnetspi.conformance;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.Causes;
import io.github.resnetspi.api.DeviceRequest;
import io.github.resnetspi.api.ResnetSpiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Runs the conformance kit programmatically (through the JUnit Platform Launcher) against one backend and returns the
 * report it wrote to {@code <dir>/<backend>.json} and {@code .md}. This is what {@code resnet-spi conformance --backend B}
 * calls; it can also be run directly: {@code java -cp ... io.github.resnetspi.conformance.ConformanceRunner B [dir]}.
 */
public final class ConformanceRunner {
    private ConformanceRunner() {
    }

    /**
     * Runs every check against the backend named {@code backend} (found with {@link Backends#discover()}), writing the
     * report to {@link ConformanceReport#outputDirectory()}.
     *
     * @param backend the backend's name
     * @return the report
     */
    public static ConformanceReport run(String backend) {
        Backend p = Backends.discover().get(backend);
        return run(() -> p, DeviceRequest.CPU, ConformanceReport.outputDirectory(), List.of());
    }

    /**
     * Runs the kit against {@code provider} on {@code device}, writing the report under {@code reportDirectory}.
     *
     * @param provider        creates the backend's provider (called once)
     * @param device          the device to compile on
     * @param reportDirectory where {@code <backend>.json} and {@code .md} go
     * @param checks          what to run, empty for everything: group names ({@code forward}), check names
     *                        ({@code forwardOp}, every case) or check ids ({@code forwardOp[batchnorm]}, one case), as
     *                        the report names them
     * @return the report
     * @throws IllegalArgumentException naming a check the kit does not have
     * @throws IllegalStateException if the kit could not run at all (the provider could not be created, say)
     */
    public static synchronized ConformanceReport run(Supplier<Backend> provider, DeviceRequest device,
                                                     Path reportDirectory, Collection<String> checks) {
        Objects.requireNonNull(provider, "provider");
        Backend probe = provider.get();
        String name = probe.name();
        RunnerKit.provider = () -> probe;
        RunnerKit.device = Objects.requireNonNull(device, "device");
        RunnerKit.reportDirectory = Objects.requireNonNull(reportDirectory, "reportDirectory");
        ConformanceReport.forget(name);
        try {
            Files.createDirectories(reportDirectory);
        } catch (IOException e) {
            throw new ResnetSpiException("cannot write the conformance report into " + reportDirectory + ": "
                    + Causes.of(e, reportDirectory));
        }
        try {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(KitChecks.selectors(RunnerKit.class, checks))
                    .build();
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            launcher.execute(request, summary);
            ConformanceReport report = ConformanceReport.latest(name);
            if (report == null) {
                String why = summary.getSummary().getFailures().stream().findFirst()
                        .map(f -> Causes.of(f.getException())).orElse("no check ran");
                throw new IllegalStateException("the conformance kit did not run for backend '" + name + "': " + why);
            }
            return report;
        } finally {
            RunnerKit.provider = null;
            RunnerKit.reportDirectory = null;
        }
    }

    /**
     * {@code ConformanceRunner BACKEND [REPORT_DIR]}: runs the kit, prints the Markdown report, exits 1 if it failed.
     *
     * @param args the backend's name and, optionally, the report directory
     */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ConformanceRunner BACKEND [REPORT_DIR]");
            System.exit(2);
        }
        Backend p = Backends.discover().get(args[0]);
        Path dir = args.length == 2 ? Path.of(args[1]) : ConformanceReport.outputDirectory();
        ConformanceReport report = run(() -> p, DeviceRequest.CPU, dir, List.of());
        System.out.println(report.toMarkdown());
        System.out.println("written to " + dir.resolve(report.backend() + ".json") + " and .md");
        System.exit(report.conforms() ? 0 : 1);
    }
}
