package io.github.resnetspi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.conformance.RequiresJUnitPlatform;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The standalone poms of {@code examples/standalone} build what the docs say they build, each in its own Maven run
 * outside this reactor (the project's Maven wrapper, Maven 3.8.7): the library user's compiles every program of the
 * README's "Using the library", and the backend author's, with the sample backend's sources and without its Surefire
 * pin (so with Maven 3.8.7's default, Surefire 2.12.4, which runs JUnit 4 only), fails the build with the kit's message
 * instead of running 0 tests.
 *
 * <p>Those runs use a local repository of their own under {@code target/standalone} (so that no snapshot of this
 * project reaches {@code ~/.m2}) holding this build's artifacts, and read everything else from this build's local
 * repository as a {@code file:} repository; what neither holds (Surefire 2.12.4's JUnit 4 provider on a fresh machine)
 * comes from Maven Central, unless this build runs offline. Their output is kept in {@code build.log} in each project.
 */
@DisplayName("The standalone poms build: the library user's compiles the README's programs; the backend author's fails under Surefire 2.12.4")
class StandalonePomsTest {
    /** Surefire runs in the module directory, {@code examples/}. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path WORK = ROOT.resolve("examples/target/standalone");
    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final String PINNED_SUREFIRE = "<artifactId>maven-surefire-plugin</artifactId>\n        <version>3.2.5</version>";
    /** This project's artifacts the standalone poms reach, each with a class it holds. */
    private static final Map<String, String> ARTIFACTS = Map.of(
            "resnet-spi-api", "io.github.resnetspi.api.Backends",
            "resnet-spi-backend-reference", "io.github.resnetspi.reference.ReferenceProvider",
            "resnet-spi-conformance-tests", "io.github.resnetspi.conformance.BackendConformanceKit",
            "resnet-spi-training", "io.github.resnetspi.training.checkpoint.SafeTensors",
            "resnet-spi-backend-djl-common", "io.github.resnetspi.djl.DjlProvider",
            "resnet-spi-backend-djl-pytorch", "io.github.resnetspi.djl.pytorch.DjlPytorchProvider");

    @BeforeAll
    static void repository() throws IOException, ClassNotFoundException, URISyntaxException {
        deleteRecursively(WORK);
        Path repo = WORK.resolve("repository/io/github/resnetspi");
        Path parent = Files.createDirectories(repo.resolve("resnet-spi-parent/" + VERSION));
        Files.copy(ROOT.resolve("pom.xml"), parent.resolve("resnet-spi-parent-" + VERSION + ".pom"));
        for (Map.Entry<String, String> a : ARTIFACTS.entrySet()) {
            Path built = Path.of(Class.forName(a.getValue(), false, StandalonePomsTest.class.getClassLoader())
                    .getProtectionDomain().getCodeSource().getLocation().toURI());
            Path module = built.getParent().getParent();
            assertThat(module.resolve("pom.xml")).as("the module that built %s", built).isRegularFile();
            Path dir = Files.createDirectories(repo.resolve(a.getKey() + "/" + VERSION));
            Files.copy(module.resolve("pom.xml"), dir.resolve(a.getKey() + "-" + VERSION + ".pom"));
            Path jar = dir.resolve(a.getKey() + "-" + VERSION + ".jar");
            if (Files.isDirectory(built)) {
                jar(built, jar);
            } else {
                Files.copy(built, jar);
            }
        }
        String cache = Path.of(System.getProperty("resnetspi.maven.localRepository")).toUri().toString();
        Files.writeString(WORK.resolve("settings.xml"), """
                <settings>
                  <profiles>
                    <profile>
                      <id>this-build-cache</id>
                      <repositories><repository><id>this-build-cache</id><url>%1$s</url>%2$s</repository></repositories>
                      <pluginRepositories><pluginRepository><id>this-build-cache</id><url>%1$s</url>%2$s</pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>this-build-cache</activeProfile></activeProfiles>
                </settings>
                """.formatted(cache, "<releases><checksumPolicy>ignore</checksumPolicy></releases>"));
    }

    @Test
    @DisplayName("library-user/pom.xml compiles every program of the README's \"Using the library\"")
    void libraryUser() throws Exception {
        Path project = project("library-user", Files.readString(ROOT.resolve("examples/standalone/library-user/pom.xml")));
        copyTree(ROOT.resolve("examples/src/main/java"), project.resolve("src/main/java"));
        Build build = maven(project, "compile");
        assertThat(build.exitCode()).as("mvn compile of %s; its output:%n%s", project, build.output()).isZero();
        assertThat(project.resolve("target/classes/io/github/resnetspi/examples/TrainFashionMnist.class")).isRegularFile();
    }

    @Test
    @DisplayName("backend-author/pom.xml without its Surefire pin, so with Maven 3.8's default Surefire 2.12.4, fails the build with the kit's message, never '0 tests, SUCCESS'")
    void backendAuthorUnderOldSurefire() throws Exception {
        String pom = Files.readString(ROOT.resolve("examples/standalone/backend-author/pom.xml"));
        assertThat(pom).as("the backend author's pom pins Surefire 3").contains(PINNED_SUREFIRE);
        int pin = pom.indexOf(PINNED_SUREFIRE);
        int start = pom.lastIndexOf("<plugin>", pin);
        int end = pom.indexOf("</plugin>", pin) + "</plugin>".length();
        String unpinned = pom.substring(0, start) + pom.substring(end);
        assertThat(unpinned).as("the pom without its Surefire pin").doesNotContain("surefire");
        Path project = project("backend-author-default-surefire", unpinned);
        copyTree(ROOT.resolve("examples/sample-backend/src"), project.resolve("src"));
        Build build = maven(project, "test");
        assertThat(build.output()).as("the build's output: Maven 3.8.7 (the wrapper's) binds Surefire 2.12.4 by default")
                .contains("maven-surefire-plugin:2.12.4:test")
                .contains("Tests run: 1, Failures: 1").contains("BUILD FAILURE");
        assertThat(build.exitCode()).isNotZero();
        Path report = project.resolve("target/surefire-reports/com.example.sample.SampleConformanceTest.txt");
        assertThat(report).as("Surefire's report of the kit's class").isRegularFile();
        assertThat(Files.readString(report)).contains(RequiresJUnitPlatform.MESSAGE_START
                + " for com.example.sample.SampleConformanceTest").contains("Pin maven-surefire-plugin 3.2.5 or later");
    }

    record Build(int exitCode, String output) {
    }

    private static Path project(String name, String pom) throws IOException {
        Path project = Files.createDirectories(WORK.resolve(name));
        Files.writeString(project.resolve("pom.xml"), pom);
        return project;
    }

    private static Build maven(Path project, String goal) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B", "-ntp", "-s",
                WORK.resolve("settings.xml").toString(), "-Dmaven.repo.local=" + WORK.resolve("repository"),
                "-Daether.offline.protocols=file", goal));
        if ("offline=true".equals(System.getProperty("resnetspi.maven.offline"))) {
            command.add("-o");
        }
        Path log = project.resolve("build.log");
        Process p = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("mvn " + goal + " in " + project + " took over 10 minutes; see " + log);
        }
        return new Build(p.exitValue(), Files.readString(log));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(f);
            }
        }
    }
}
