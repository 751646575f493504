package io.github.resnetspi.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("docs/errors.md and ErrorAnchor")
class ErrorAnchorDocsTest {
    /** Surefire runs in the module directory; the page and the reactor pom are one level up. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern SECTION = Pattern.compile("^## (\\S+)$", Pattern.MULTILINE);
    /** A provider class's registration: the annotation at the start of a line (not a mention in a comment). */
    private static final Pattern REGISTRATION = Pattern.compile("^@AutoService\\(BackendProvider\\.class\\)", Pattern.MULTILINE);

    private static String page() throws IOException {
        Path page = ROOT.resolve(ErrorAnchor.PAGE);
        assertThat(page).as("the error page %s (run the tests from the repository's api module)", page).isRegularFile();
        return Files.readString(page);
    }

    /** Section id to its text, in page order. */
    private static Map<String, String> sections() throws IOException {
        String page = page();
        Matcher m = SECTION.matcher(page);
        Map<String, String> out = new LinkedHashMap<>();
        String id = null;
        int from = 0;
        while (m.find()) {
            if (id != null) {
                out.put(id, page.substring(from, m.start()));
            }
            id = m.group(1);
            from = m.end();
        }
        if (id != null) {
            out.put(id, page.substring(from));
        }
        return out;
    }

    @Test
    @DisplayName("every anchor has its section, and every section is an anchor, in the enum's order")
    void sectionsMatchAnchors() throws IOException {
        List<String> anchors = Arrays.stream(ErrorAnchor.values()).map(ErrorAnchor::id).toList();
        assertThat(sections().keySet()).containsExactlyElementsOf(anchors);
    }

    @Test
    @DisplayName("each section says what the error means, what to do and what is involved, and the table links it")
    void sectionsAreComplete() throws IOException {
        String page = page();
        sections().forEach((id, text) -> {
            assertThat(text).as("section %s", id).contains("**Means.**").containsIgnoringCase("what to do")
                    .contains("**Involved.**");
            assertThat(page).as("summary table row of %s", id).contains("| [" + id + "](#" + id + ") |");
        });
    }

    @Test
    @DisplayName("a message's reference names the page and the section, and the exception keeps its anchor")
    void reference() {
        ResnetSpiException e = new ResnetSpiException("no GPU here", ErrorAnchor.GPU_UNAVAILABLE);
        assertThat(e.getMessage()).isEqualTo("no GPU here (see docs/errors.md#gpu-unavailable)");
        assertThat(e.anchor()).isEqualTo(ErrorAnchor.GPU_UNAVAILABLE);
        assertThat(new ResnetSpiException("plain").getMessage()).isEqualTo("plain");
    }

    @Test
    @DisplayName("backend-not-found lists the artifact of every backend module of the build")
    void backendArtifactsListed() throws IOException {
        String section = sections().get(ErrorAnchor.BACKEND_NOT_FOUND.id());
        List<String> artifacts = backendArtifacts();
        assertThat(artifacts).as("backend modules of %s", ROOT.resolve("pom.xml")).isNotEmpty();
        for (String artifact : artifacts) {
            assertThat(section).as("backend-not-found section").contains("`io.github.resnetspi:" + artifact + "`");
        }
    }

    @Test
    @DisplayName("the message for an empty class path offers exactly the project's backend artifacts, in the page's order")
    void noBackendMessageListsArtifacts() throws IOException {
        String section = sections().get(ErrorAnchor.BACKEND_NOT_FOUND.id());
        List<String> listed = new ArrayList<>();
        Matcher row = Pattern.compile("^\\| `[^`]+` \\| `(io\\.github\\.resnetspi:[^`]+)` \\|", Pattern.MULTILINE).matcher(section);
        while (row.find()) {
            listed.add(row.group(1));
        }
        assertThat(Backends.PROJECT_ARTIFACTS).as("Backends.PROJECT_ARTIFACTS and the table of backend-not-found")
                .containsExactlyElementsOf(listed)
                .containsExactlyInAnyOrderElementsOf(backendArtifacts().stream().map(a -> "io.github.resnetspi:" + a).toList());
    }

    /**
     * The artifactIds of the reactor's modules that register a {@code BackendProvider} (the project's backends; the
     * samples under {@code examples/} are not offered to users).
     */
    private static List<String> backendArtifacts() throws IOException {
        String rootPom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(rootPom);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            Path module = ROOT.resolve(m.group(1));
            if (m.group(1).startsWith("examples") || !registersProvider(module.resolve("src/main/java"))) {
                continue;
            }
            Matcher id = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>")
                    .matcher(Files.readString(module.resolve("pom.xml")));
            assertThat(id.find()).as("artifactId of %s", module).isTrue();
            out.add(id.group(1));
        }
        return out;
    }

    private static boolean registersProvider(Path sources) throws IOException {
        if (!Files.isDirectory(sources)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(p -> p.toString().endsWith(".java")).anyMatch(p -> {
                try {
                    return REGISTRATION.matcher(Files.readString(p)).find();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }
}
