package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code ./resnet-spi} as a user runs it, from another directory: it builds in the repository but runs
 * the CLI where the caller stands, so relative paths mean what they mean in the caller's shell (issue 28: a relative
 * {@code --out} was written into the repository, a relative {@code --data-dir} "did not exist"). The repository here
 * is a copy of the launcher beside this module's build: a {@code cli/target} whose CLI jar points at
 * {@code target/classes} and whose {@code lib/} links every runtime jar, and a {@code mvnw} that records where the
 * build ran.
 */
@DisplayName("The launcher: builds in the repository, runs where the caller stands")
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..", "resnet-spi");
    private static final Path RUNTIME_CLASSPATH = Path.of("target", "runtime-classpath.txt");

    @TempDir
    Path tmp;
    Path repo;
    Path work;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void fakeRepository() throws IOException {
        assertThat(LAUNCHER).as("the launcher beside the cli module").isRegularFile();
        assertThat(RUNTIME_CLASSPATH).as("the build writes the runtime class path (maven-dependency-plugin"
                + " build-classpath); run the tests through Maven").isRegularFile();
        repo = Files.createDirectories(tmp.resolve("repo"));
        work = Files.createDirectories(tmp.resolve("work"));
        Files.copy(LAUNCHER, repo.resolve("resnet-spi"));
        Files.copy(LAUNCHER.resolveSibling("scripts/onednn-isa.sh"),
                Files.createDirectories(repo.resolve("scripts")).resolve("onednn-isa.sh"));
        Path lib = Files.createDirectories(repo.resolve("cli/target/lib"));
        for (String jar : Files.readString(RUNTIME_CLASSPATH).strip().split(java.io.File.pathSeparator)) {
            Path j = Path.of(jar).toAbsolutePath();
            Files.createSymbolicLink(lib.resolve(j.getFileName()), j);
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, Path.of("target", "classes").toAbsolutePath().toUri().toString());
        Path jar = repo.resolve("cli/target/resnet-spi-cli-0.jar");
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.flush();
        }
        Path mvnw = repo.resolve("mvnw");
        Files.writeString(mvnw, "#!/bin/sh\npwd > built-in\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        // a pom newer than the CLI jar: the launcher builds first
        Files.writeString(repo.resolve("pom.xml"), "<project/>\n");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    }

    private Run launch(Path cwd, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", repo.resolve("resnet-spi").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("RESNETSPI_NO_BUILD");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the launcher finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("conformance --out relconf from another directory: the build runs in the repository, the report lands in"
            + " the caller's relconf")
    void relativeOut() throws Exception {
        Run r = launch(work, Map.of(), "conformance", "--backend", "reference", "--check", "discovery", "--out", "relconf");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).contains("resnet-spi: building the project");
        assertThat(Files.readString(repo.resolve("built-in")).strip()).as("the build ran in the repository")
                .isEqualTo(repo.toRealPath().toString());
        assertThat(r.out()).contains("report: relconf/reference.md and relconf/reference.json");
        assertThat(work.resolve("relconf/reference.md")).isNotEmptyFile();
        assertThat(repo.resolve("relconf")).doesNotExist();
    }

    @Test
    @DisplayName("train --checkpoint ck from another directory: the checkpoints land in the caller's ck")
    void relativeCheckpoint() throws Exception {
        Run r = launch(work, Map.of("RESNETSPI_NO_BUILD", "1"), "train", "--backend", "reference", "--dataset",
                "synthetic", "--model", "resnet-tiny", "--epochs", "1", "--limit-train", "64", "--limit-test", "32",
                "--batch-size", "32", "--checkpoint", "ck");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(work.resolve("ck/epoch-0001.safetensors")).isNotEmptyFile();
        assertThat(repo.resolve("ck")).doesNotExist();
        assertThat(repo.resolve("built-in")).as("RESNETSPI_NO_BUILD=1 builds nothing").doesNotExist();
    }

    @Test
    @DisplayName("cd /usr/share/datasets && resnet-spi train --data-dir fashion-mnist: the caller's fashion-mnist is used")
    void relativeDataDir() throws Exception {
        Path datasets = Path.of("/usr/share/datasets");
        assertThat(datasets.resolve("fashion-mnist/train-images-idx3-ubyte.gz")).as("this test reads Fashion-MNIST as"
                + " Debian installs it: sudo apt-get install dataset-fashion-mnist").isRegularFile();
        Run r = launch(datasets, Map.of("RESNETSPI_NO_BUILD", "1"), "train", "--backend", "reference", "--data-dir",
                "fashion-mnist", "--model", "resnet-tiny", "--epochs", "1", "--limit-train", "64", "--limit-test", "32",
                "--batch-size", "32");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("data: fashion-mnist").contains("test acc");
    }
}
