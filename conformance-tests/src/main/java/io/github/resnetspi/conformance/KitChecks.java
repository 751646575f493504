package io.github.resnetspi.conformance;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.UniqueId;

/**
 * The kit's checks as the {@link ConformanceRunner} (and so the CLI's {@code --check}) names them: a group by its
 * display name ({@code forward}), a check by its method name ({@code forwardOp}, every case), one case of a
 * parameterized check by its report id ({@code forwardOp[batchnorm]}).
 */
final class KitChecks {
    private KitChecks() {
    }

    /** One check method of a group; {@code cases} lists a parameterized check's cases in order, empty otherwise. */
    record Check(Class<?> group, String groupName, Method method, List<String> cases) {
        String name() {
            return method.getName();
        }
    }

    /** @return every check, group by group, in the order the kit runs them */
    static List<Check> all() {
        List<Check> out = new ArrayList<>();
        for (Class<?> group : groups()) {
            String groupName = group.getAnnotation(DisplayName.class).value();
            Arrays.stream(group.getDeclaredMethods())
                    .filter(m -> m.isAnnotationPresent(Test.class) || m.isAnnotationPresent(ParameterizedTest.class))
                    .sorted(Comparator.comparing(Method::getName))
                    .forEach(m -> out.add(new Check(group, groupName, m, cases(m))));
        }
        return out;
    }

    private static List<Class<?>> groups() {
        return Arrays.stream(BackendConformanceKit.class.getDeclaredClasses())
                .filter(c -> c.isAnnotationPresent(Nested.class))
                .sorted(Comparator.comparingInt(c -> c.getAnnotation(Order.class).value()))
                .toList();
    }

    private static List<String> cases(Method m) {
        MethodSource source = m.getAnnotation(MethodSource.class);
        if (source == null) {
            return List.of();
        }
        String[] factory = source.value()[0].split("#");
        try {
            Method f = Class.forName(factory[0]).getDeclaredMethod(factory[1]);
            return ((Stream<?>) f.invoke(null)).map(String::valueOf).toList();
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException i ? i.getCause() : e;
            throw new IllegalStateException("cannot list the cases of check " + m.getName() + ": " + cause, cause);
        }
    }

    /**
     * @param kit   the concrete kit class to launch
     * @param names group names, check names or check ids; empty selects the whole kit
     * @return the JUnit discovery selectors for them
     * @throws IllegalArgumentException naming an unknown name and listing the valid ones
     */
    static List<DiscoverySelector> selectors(Class<? extends BackendConformanceKit> kit, Collection<String> names) {
        if (names.isEmpty()) {
            return List.of(selectClass(kit));
        }
        List<Check> checks = all();
        List<DiscoverySelector> out = new ArrayList<>();
        for (String name : names) {
            out.add(selector(kit, checks, name.trim()));
        }
        return out;
    }

    private static DiscoverySelector selector(Class<? extends BackendConformanceKit> kit, List<Check> checks, String name) {
        Optional<Check> group = checks.stream().filter(c -> c.groupName().equals(name)).findFirst();
        if (group.isPresent()) {
            return selectNestedClass(List.of(kit), group.get().group());
        }
        int bracket = name.indexOf('[');
        String method = bracket < 0 ? name : name.substring(0, bracket);
        Check check = checks.stream().filter(c -> c.name().equals(method)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the kit has no check '" + name + "'. Groups: "
                        + checks.stream().map(Check::groupName).distinct().toList() + "; checks: "
                        + checks.stream().map(Check::name).toList() + "; one case: e.g. forwardOp[batchnorm]"));
        DiscoverySelector selected = selectNestedMethod(List.of(kit), check.group(), check.method());
        if (bracket < 0) {
            return selected;
        }
        if (!name.endsWith("]") || check.cases().isEmpty()) {
            throw new IllegalArgumentException("'" + name + "': only a parameterized check takes a case in brackets, as in "
                    + "forwardOp[batchnorm]");
        }
        String wanted = name.substring(bracket + 1, name.length() - 1);
        int index = check.cases().indexOf(wanted);
        if (index < 0) {
            throw new IllegalArgumentException("check " + method + " has no case '" + wanted + "'; its cases: " + check.cases());
        }
        // by unique id: the invocation's id is its 1-based index under the method's test template
        return selectUniqueId(UniqueId.forEngine("junit-jupiter").append("class", kit.getName())
                .append("nested-class", check.group().getSimpleName())
                .append("test-template", method + "(" + String.join(",", Arrays.stream(check.method().getParameterTypes())
                        .map(Class::getName).toList()) + ")")
                .append("test-template-invocation", "#" + (index + 1)));
    }
}
