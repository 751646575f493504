package io.github.resnetspi.conformance;

import io.github.resnetspi.api.Causes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Turns a run of the kit into a {@link ConformanceReport}: opens {@link Observations} before each check, records its
 * outcome, and writes the report after the last check ({@value ConformanceReport#OUT_PROPERTY}, default
 * {@code target/conformance}). Registered on the kit's class, it is inherited by the {@code @Nested} groups: the
 * kit's own class context holds the one list of results and writes the report. Works the same under Surefire and
 * under {@link ConformanceRunner}.
 */
final class ReportExtension implements BeforeAllCallback, BeforeEachCallback, TestWatcher, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ReportExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        if (isKitClass(context)) {
            context.getStore(NS).put("results", new ArrayList<CheckResult>());
        }
    }

    /** The kit's own class context (not a nested group's): the one whose parent has no test class. */
    private static boolean isKitClass(ExtensionContext context) {
        return context.getParent().flatMap(ExtensionContext::getTestClass).isEmpty();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Observations.open(id(context));
        context.getStore(NS).put("start", System.nanoTime());
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        Observations o = Observations.close();
        boolean unsupported = o.unsupportedMessage() != null;
        add(context, unsupported ? CheckStatus.UNSUPPORTED : CheckStatus.PASSED, o, unsupported ? o.unsupportedMessage() : o.note());
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
        // stores are hierarchical: the kit class context's list is visible from every group, test and invocation
        List<CheckResult> results = context.getStore(NS).get("results", List.class);
        if (results == null) {
            return;
        }
        Long start = context.getStore(NS).get("start", Long.class);
        double seconds = start == null ? 0 : (System.nanoTime() - start) / 1e9;
        Optional<ExtensionContext> template = template(context);
        String id = id(context);
        String contract = template.map(t -> t.getDisplayName() + " [" + context.getDisplayName() + "]")
                .orElse(context.getDisplayName());
        String group = group(context);
        results.add(new CheckResult(id, group == null ? contract : group + ": " + contract, status, o.maxError(),
                o.tolerance(), o.worstAt(), message, seconds));
    }

    /** A parameterized check's invocation: its parent is the method's template context. */
    private static Optional<ExtensionContext> template(ExtensionContext context) {
        return context.getParent().filter(p -> p.getTestMethod().isPresent());
    }

    /** The check's id: its method name, with the case in brackets for a parameterized check. */
    private static String id(ExtensionContext context) {
        String method = context.getTestMethod().map(Method::getName).orElse(context.getUniqueId());
        return template(context).isPresent() ? method + "[" + context.getDisplayName() + "]" : method;
    }

    /** The display name of the {@code @Nested} group a check belongs to, or null. */
    private static String group(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            ExtensionContext x = c.get();
            if (x.getTestMethod().isEmpty() && x.getTestClass().filter(k -> k.isAnnotationPresent(Nested.class)).isPresent()) {
                return x.getDisplayName();
            }
        }
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterAll(ExtensionContext context) {
        if (!isKitClass(context)) {
            return;
        }
        List<CheckResult> results = context.getStore(NS).get("results", List.class);
        Object instance = context.getTestInstance().orElse(null);
        if (results == null || !(instance instanceof BackendConformanceKit kit)) {
            return;
        }
        ConformanceReport report = ConformanceReport.of(kit.backendProvider(), results);
        try {
            report.write(kit.reportDirectory());
            ConformanceReport.remember(report);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the conformance report: " + Causes.of(e), e);
        }
    }
}
