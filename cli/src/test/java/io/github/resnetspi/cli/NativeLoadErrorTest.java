package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.cli.exec.ChildJvm;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("An engine whose natives cannot load (issue 13, item 10)")
class NativeLoadErrorTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("train names the root cause in one line; --verbose adds the whole cause chain")
    void mxnetCacheIsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Map<String, String> env = Map.of("DJL_CACHE_DIR", file.resolve("cache").toString(),
                "ENGINE_CACHE_DIR", file.resolve("cache").toString());
        String[] train = {"train", "--backend", "djl-mxnet", "--dataset", "synthetic", "--epochs", "1", "--limit-train", "64"};
        Cli plain = CliProcess.run(List.of(), env, train);
        assertThat(plain.code()).isEqualTo(1);
        assertThat(plain.err().strip()).isEqualTo(ChildJvm.ERROR_PREFIX + "backend 'djl-mxnet' cannot load DJL's MXNet engine:"
                + " Failed to load MXNet native library: Failed to extract MXNet native library: " + file.resolve("cache")
                + ": Not a directory. DJL copies the engine's native library from its jar into a cache directory"
                + " ($ENGINE_CACHE_DIR, else $DJL_CACHE_DIR, else ~/.djl.ai) before loading it; make that directory"
                + " writable, or point DJL_CACHE_DIR at a writable directory (see "
                + io.github.resnetspi.api.ErrorAnchor.BACKEND_UNAVAILABLE.reference() + "); "
                + CliAdvice.of(io.github.resnetspi.api.ErrorAnchor.BACKEND_UNAVAILABLE));
        String[] verbose = new String[train.length + 1];
        verbose[0] = "--verbose";
        System.arraycopy(train, 0, verbose, 1, train.length);
        Cli v = CliProcess.run(List.of(), env, verbose);
        assertThat(v.code()).isEqualTo(1);
        assertThat(v.err()).contains("Caused by: java.nio.file.FileSystemException: " + file.resolve("cache") + ": Not a directory");
        assertThat(v.err().strip().lines().reduce((a, b) -> b).orElseThrow()).isEqualTo(plain.err().strip());
    }

    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource({"djl-mxnet, mxnet-native-mkl, MXNet, ai.djl.mxnet:mxnet-native-mkl:1.9.1 (classifier linux-x86_64)",
            "djl-pytorch, pytorch-native-cpu, PyTorch, ai.djl.pytorch:pytorch-native-cpu:2.7.1 (classifier linux-x86_64)",
            "djl-pytorch, pytorch-jni, PyTorch, ai.djl.pytorch:pytorch-jni:2.7.1-0.35.1"})
    @DisplayName("a native jar missing from the class path is named by its artifact, not blamed on DJL's cache")
    void missingNativeJar(String backend, String jar, String engine, String artifact) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !Path.of(e).getFileName().toString().startsWith(jar + "-"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath).isNotEqualTo(System.getProperty("java.class.path"));
        Path cache = Files.createDirectories(dir.resolve("empty-cache"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", classPath, Main.class.getName(), "train", "--backend", backend,
                "--dataset", "synthetic", "--epochs", "1", "--limit-train", "64");
        pb.environment().put("DJL_CACHE_DIR", cache.toString());
        pb.environment().put("ENGINE_CACHE_DIR", cache.toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isEqualTo(1);
        assertThat(err.strip()).isEqualTo(ChildJvm.ERROR_PREFIX + "backend '" + backend + "' cannot load DJL's " + engine
                + " engine: " + artifact + " is not on the class path; put it there (the backend's Maven dependencies"
                + " include it) (see " + io.github.resnetspi.api.ErrorAnchor.BACKEND_UNAVAILABLE.reference() + "); "
                + CliAdvice.of(io.github.resnetspi.api.ErrorAnchor.BACKEND_UNAVAILABLE));
    }
}
