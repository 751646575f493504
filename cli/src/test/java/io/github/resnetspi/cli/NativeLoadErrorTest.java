package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertThat(plain.err().strip()).isEqualTo(Main.ERROR_PREFIX + "backend 'djl-mxnet' cannot load DJL's MXNet engine:"
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
}
