package io.github.resnetspi.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Turns a run of the kit into a {@link ConformanceReport}: opens {@link Observations} before each check, records its
 * outcome, and writes the report after the last check ({@value ConformanceReport#OUT_PROPERTY}, default
 * {@code target/conformance}). Works the same under Surefire and under {@link ConformanceRunner}.
 */
final class ReportExtension implements BeforeAllCallback, BeforeEachCallback, TestWatcher, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ReportExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("results", new ArrayList<CheckResult>());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Observations.open();
        context.getStore(NS).put("start", System.nanoTime());
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        Observations o = Observations.close();
        CheckStatus status = o.unsupportedMessage() != null ? CheckStatus.UNSUPPORTED : CheckStatus.PASSED;
        add(context, status, o, o.unsupportedMessage());
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        add(context, CheckStatus.FAILED, Observations.close(), String.valueOf(cause));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        add(context, CheckStatus.SKIPPED, Observations.close(), "aborted: " + cause);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        add(context, CheckStatus.SKIPPED, new Observations(), "disabled" + reason.map(r -> ": " + r).orElse(""));
    }

    @SuppressWarnings("unchecked")
    private static void add(ExtensionContext context, CheckStatus status, Observations o, String message) {
        // stores are hierarchical: the class context's list is visible from every test and invocation context
        List<CheckResult> results = context.getStore(NS).get("results", List.class);
        if (results == null) {
            return;
        }
        Long start = context.getStore(NS).get("start", Long.class);
        double seconds = start == null ? 0 : (System.nanoTime() - start) / 1e9;
        String method = context.getTestMethod().map(Method::getName).orElse(context.getUniqueId());
        // a parameterized check's invocation: its parent is the method's template context
        Optional<ExtensionContext> template = context.getParent().filter(p -> p.getTestMethod().isPresent());
        String id = template.isPresent() ? method + "[" + context.getDisplayName() + "]" : method;
        String contract = template.map(t -> t.getDisplayName() + " [" + context.getDisplayName() + "]")
                .orElse(context.getDisplayName());
        results.add(new CheckResult(id, contract, status, o.maxError(), o.tolerance(), o.worstAt(), message, seconds));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterAll(ExtensionContext context) {
        List<CheckResult> results = context.getStore(NS).get("results", List.class);
        Object instance = context.getTestInstance().orElse(null);
        if (results == null || !(instance instanceof BackendConformanceKit kit)) {
            return;
        }
        ConformanceReport report = ConformanceReport.of(kit.backendProvider(), results);
        try {
            Path dir = kit.reportDirectory();
            report.write(dir);
            ConformanceReport.remember(report);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the conformance report: " + e.getMessage(), e);
        }
    }
}
