package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.cli.exec.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The CLI started as the launcher starts it: a JVM of its own on the module's real runtime class path (this jar's
 * classes plus every runtime dependency, from {@code target/runtime-classpath.txt}, which the build writes), not the
 * test class path.
 */
@DisplayName("CLI logging: one SLF4J binding, quiet by default, --verbose turns it up")
class CliLoggingTest {
    private static final Path RUNTIME_CLASSPATH = Path.of("target", "runtime-classpath.txt");
    private static final Path CLASSES = Path.of("target", "classes");

    record Run(int code, String out, String err) {
    }

    private static Run cli(String tfLogLevel, String... args) throws IOException, InterruptedException {
        return java(Main.class, List.of(CLASSES), tfLogLevel, args);
    }

    /** Runs {@code main} on {@code classes} and the CLI's runtime dependencies. */
    private static Run java(Class<?> main, List<Path> classes, String tfLogLevel, String... args)
            throws IOException, InterruptedException {
        assertThat(RUNTIME_CLASSPATH).as("the build writes the runtime class path (maven-dependency-plugin"
                + " build-classpath); run the tests through Maven").isRegularFile();
        List<String> entries = new ArrayList<>(classes.stream().map(Path::toString).toList());
        entries.add(Files.readString(RUNTIME_CLASSPATH).strip());
        String classPath = String.join(java.io.File.pathSeparator, entries);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss4m", "-Dai.djl.offline=true", "-Djava.awt.headless=true", "-cp", classPath, main.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove(ChildJvm.TF_LOG_ENV);
        if (tfLogLevel != null) {
            pb.environment().put(ChildJvm.TF_LOG_ENV, tfLogLevel);
        }
        Path out = Files.createTempFile("cli-out", ".txt");
        Path err = Files.createTempFile("cli-err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the CLI finished").isTrue();
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    @DisplayName("a command that uses the library prints nothing on stderr: no SLF4J warning, no log line")
    void quiet() throws Exception {
        Run r = cli(null, "shapes", "--model", "resnet-tiny", "--input", "1,1,28,28", "--backend", "reference");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("fc");
        assertThat(r.err()).isEmpty();
    }

    @Test
    @DisplayName("every engine loaded in one JVM, TensorFlow's log level as the launcher sets it: no SLF4J warning, no engine chatter")
    void enginesQuiet() throws Exception {
        Run r = cli(ChildJvm.QUIET_TF_LOG_LEVEL, "backends", "--in-process");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("djl-pytorch\n").contains("tensorflow\n").contains("djl-mxnet\n");
        assertThat(r.err()).doesNotContain("SLF4J").doesNotContain("PtEngine").doesNotContain("CudaUtils")
                .doesNotContain("I tensorflow/").doesNotContain("cpu_feature_guard");
    }

    @Test
    @DisplayName("java.util.logging goes to the same place: errors by default, our info too; --verbose: everyone's info, our debug")
    void julRouted() throws Exception {
        List<Path> classes = List.of(CLASSES, Path.of("target", "test-classes"));
        Run quiet = java(JulProbe.class, classes, null);
        Run verbose = java(JulProbe.class, classes, null, "--verbose");
        assertThat(quiet.code()).as(quiet.err()).isZero();
        assertThat(quiet.err().lines()).containsExactly("[ERROR] jul - severe through java.util.logging",
                "[INFO] probe - our info through java.util.logging");
        assertThat(verbose.err().lines()).containsExactly("[ERROR] jul - severe through java.util.logging",
                "[INFO] jul - info through java.util.logging", "[INFO] probe - our info through java.util.logging",
                "[DEBUG] probe - our debug through java.util.logging");
    }

    @Test
    @DisplayName("--verbose shows the engines' info logs, which the default hides")
    void verbose() throws Exception {
        Run quiet = cli(null, "backend-info", "--backend", "djl-pytorch");
        Run verbose = cli(null, "backend-info", "--backend", "djl-pytorch", "--verbose");
        assertThat(quiet.code()).as(quiet.err()).isZero();
        assertThat(verbose.code()).as(verbose.err()).isZero();
        assertThat(quiet.err()).doesNotContain("PtEngine").doesNotContain("SLF4J");
        assertThat(verbose.err()).contains("[INFO] PtEngine - Number of intra-op threads").doesNotContain("SLF4J");
    }
}
