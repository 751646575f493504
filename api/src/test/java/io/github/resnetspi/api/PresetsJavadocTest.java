package io.github.resnetspi.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.presets.Preset;
import io.github.resnetspi.api.presets.Presets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Presets' javadoc names every preset")
class PresetsJavadocTest {
    /** Surefire runs in the module directory, {@code api/}. */
    private static final Path SOURCE = Path.of("src/main/java/io/github/resnetspi/api/presets/Presets.java");
    private static final Pattern ITEM = Pattern.compile("^ \\*   <li>(.*)</li>$", Pattern.MULTILINE);
    private static final Pattern NAME = Pattern.compile("\\{@code ([\\w-]+)}");

    @Test
    @DisplayName("the list on the class names exactly the presets of Presets.all(), in their order")
    void listedNames() throws IOException {
        String javadoc = Files.readString(SOURCE);
        javadoc = javadoc.substring(0, javadoc.indexOf("public final class Presets"));
        List<String> listed = new ArrayList<>();
        Matcher item = ITEM.matcher(javadoc);
        while (item.find()) {
            String names = item.group(1).substring(0, item.group(1).indexOf(':'));
            Matcher n = NAME.matcher(names);
            while (n.find()) {
                listed.add(n.group(1));
            }
        }
        assertThat(listed).containsExactlyElementsOf(Presets.all().stream().map(Preset::name).toList());
    }
}
