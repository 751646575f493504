package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("cli's packages layer without cycles: cell at the bottom, exec above it, commands on top")
class PackageLayersTest {
    private static final Path SOURCES = Path.of("src/main/java/io/github/resnetspi/cli");
    /** An import of one of cli's classes (or of a member, static): the package is the part before the class. */
    private static final Pattern USE = Pattern.compile("(?m)^import (?:static )?io\\.github\\.resnetspi\\.cli((?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    @DisplayName("no package of cli reaches itself through the others (scan of the sources' imports)")
    void noCycles() throws IOException {
        Map<String, Set<String>> uses = uses();
        assertThat(uses).containsKeys("cli", "cli.cell", "cli.exec", "cli.compare", "cli.report");
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            if (reaches(uses, start, start, new TreeSet<>())) {
                cycles.add(start);
            }
        }
        assertThat(cycles).as("packages on a cycle; their uses: %s", uses).isEmpty();
        assertThat(uses.get("cli.cell")).as("the cell model uses no other package of cli").isEmpty();
        assertThat(uses.get("cli.exec")).as("executors use only the cell model").containsOnly("cli.cell");
    }

    @Test
    @DisplayName("a child JVM runs the CLI's main class, which exec names without importing it")
    void childMainClass() {
        assertThat(io.github.resnetspi.cli.exec.ChildJvm.MAIN_CLASS).isEqualTo(Main.class.getName());
    }

    /** Each package's uses of cli's other packages, from its sources' imports. */
    private static Map<String, Set<String>> uses() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String from = name(SOURCES.relativize(f.getParent()));
                Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher m = USE.matcher(Files.readString(f));
                while (m.find()) {
                    String used = "cli" + m.group(1);
                    if (!used.equals(from)) {
                        to.add(used);
                    }
                }
            }
        }
        return uses;
    }

    private static String name(Path relative) {
        String r = relative.toString().replace('/', '.');
        return r.isEmpty() ? "cli" : "cli." + r;
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
        for (String next : uses.getOrDefault(from, Set.of())) {
            if (next.equals(target) || (seen.add(next) && reaches(uses, next, target, seen))) {
                return true;
            }
        }
        return false;
    }
}
