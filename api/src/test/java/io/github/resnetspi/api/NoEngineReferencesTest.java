package io.github.resnetspi.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The build's enforcer rule keeps engine artifacts off the api's classpath; this checks the compiled classes too. */
class NoEngineReferencesTest {
    private static final List<String> ENGINE_PACKAGES = List.of("ai/djl/", "org/tensorflow/", "org/apache/mxnet/", "org/pytorch/");

    @Test
    @DisplayName("no compiled api class refers to an engine package")
    void noEngineClasses() throws IOException {
        Path classes = Path.of("target", "classes");
        assertThat(classes).isDirectory();
        List<Path> files;
        try (Stream<Path> s = Files.walk(classes)) {
            files = s.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertThat(files).hasSizeGreaterThan(20);
        for (Path f : files) {
            // Class-file constant pools hold referenced class names as UTF-8 in internal form (a/b/C).
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            for (String pkg : ENGINE_PACKAGES) {
                assertThat(text).as("%s refers to %s", f, pkg).doesNotContain(pkg);
            }
        }
    }
}
