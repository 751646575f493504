package io.github.resnetspi.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The code in README.md and docs/*.md is copied from the examples, never written by hand: a block preceded by
 * {@code <!-- include: PATH#TAG -->} must equal the region between {@code // tag::TAG[]} and {@code // end::TAG[]}
 * of the file at {@code PATH} (relative to the repository root), dedented; and every tagged region of the examples is
 * shown somewhere.
 */
@DisplayName("The docs show the examples' code verbatim")
class IncludedSnippetsTest {
    /** Surefire runs in the module directory, {@code examples/}. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern INCLUDE = Pattern.compile("<!-- include: (\\S+)#([\\w-]+) -->\\R```java\\R(.*?)\\R```",
            Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("^\\s*// tag::([\\w-]+)\\[]\\s*$", Pattern.MULTILINE);

    record Include(Path doc, String source, String tag, String code, String before) {
    }

    /** How many characters before an include marker {@link #partialBlocksLinkTheirFile()} looks for the link. */
    private static final int LINK_DISTANCE = 400;

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    private static List<Include> includes() throws IOException {
        List<Include> out = new ArrayList<>();
        for (Path doc : docs()) {
            String text = Files.readString(doc);
            Matcher m = INCLUDE.matcher(text);
            while (m.find()) {
                out.add(new Include(doc, m.group(1), m.group(2), m.group(3),
                        text.substring(Math.max(0, m.start() - LINK_DISTANCE), m.start())));
            }
        }
        return out;
    }

    /** The region of {@code tag} in {@code source}, without the tag lines, dedented. */
    static String region(String source, String tag) {
        List<String> lines = source.lines().toList();
        int start = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.equals("// tag::" + tag + "[]")) {
                start = i + 1;
            } else if (l.equals("// end::" + tag + "[]") && start >= 0) {
                end = i;
                break;
            }
        }
        if (start < 0 || end < 0) {
            return null;
        }
        List<String> body = lines.subList(start, end);
        int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return String.join("\n", body.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }

    @Test
    @DisplayName("every included block equals its tagged region of the example's source")
    void blocksMatchSources() throws IOException {
        List<Include> includes = includes();
        assertThat(includes).as("include markers in README.md and docs/*.md").isNotEmpty();
        for (Include inc : includes) {
            Path source = ROOT.resolve(inc.source());
            assertThat(source).as("%s includes %s", ROOT.relativize(inc.doc()), inc.source()).isRegularFile();
            String region = region(Files.readString(source), inc.tag());
            if (region == null) {
                fail("%s includes %s#%s, but that file has no region // tag::%s[] ... // end::%s[]",
                        ROOT.relativize(inc.doc()), inc.source(), inc.tag(), inc.tag(), inc.tag());
            }
            assertThat(inc.code()).as("%s's block from %s#%s: copy the region again", ROOT.relativize(inc.doc()),
                    inc.source(), inc.tag()).isEqualTo(region);
        }
    }

    @Test
    @DisplayName("every tagged region of the examples is shown in README.md or docs/*.md")
    void everyRegionShown() throws IOException {
        Map<String, List<String>> tagsBySource = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("examples"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java") && !f.toString().contains("/target/")).toList()) {
                Matcher m = TAG.matcher(Files.readString(p));
                List<String> tags = new ArrayList<>();
                while (m.find()) {
                    tags.add(m.group(1));
                }
                if (!tags.isEmpty()) {
                    tagsBySource.put(ROOT.relativize(p).toString(), tags);
                }
            }
        }
        assertThat(tagsBySource).as("tagged example sources").isNotEmpty();
        List<String> shown = includes().stream().map(i -> i.source() + "#" + i.tag()).toList();
        tagsBySource.forEach((source, tags) -> tags.forEach(tag ->
                assertThat(shown).as("docs that include %s#%s", source, tag).contains(source + "#" + tag)));
    }

    @Test
    @DisplayName("README.md's blocks are whole programs: imports, then the class, as the example's file has them after its package line")
    void readmeBlocksAreWholePrograms() throws IOException {
        for (Include inc : includes()) {
            if (!inc.doc().equals(ROOT.resolve("README.md"))) {
                continue;
            }
            String source = Files.readString(ROOT.resolve(inc.source()));
            String afterPackage = source.substring(source.indexOf(";\n") + 2).strip();
            assertThat(inc.code()).as("README.md's block from %s#%s: the whole file after its package line, tag lines"
                    + " aside", inc.source(), inc.tag()).startsWith("import ")
                    .isEqualTo(afterPackage.replaceAll("(?m)^// (tag|end)::[\\w-]+\\[]\\R?", "").strip());
        }
    }

    @Test
    @DisplayName("a block without its imports (docs/*.md) follows a link to its complete file")
    void partialBlocksLinkTheirFile() throws IOException {
        for (Include inc : includes()) {
            if (inc.code().startsWith("import ")) {
                continue;
            }
            String link = "](" + inc.doc().getParent().relativize(ROOT.resolve(inc.source())).toString().replace('\\', '/')
                    + ")";
            assertThat(inc.before()).as("the %d characters of %s before its block from %s#%s: a link to the file",
                    LINK_DISTANCE, ROOT.relativize(inc.doc()), inc.source(), inc.tag()).contains(link);
        }
    }

    @Test
    @DisplayName("a region is read without its tag lines and dedented; a missing region is reported")
    void regionExtraction() {
        String source = "class A {\n    // tag::x[]\n    int a;\n\n      int b;\n    // end::x[]\n}\n";
        assertThat(region(source, "x")).isEqualTo("int a;\n\n  int b;");
        assertThat(region(source, "y")).isNull();
    }
}
