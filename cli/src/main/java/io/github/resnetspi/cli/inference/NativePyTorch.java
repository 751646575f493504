package io.github.resnetspi.cli.inference;

import io.github.resnetspi.api.graph.Network;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Native PyTorch as a side of an inference comparison: {@code bench/native/native_inference.py} (with
 * {@code d2l_resnet18.py}; both packed into the CLI's jar) run by {@value #PYTHON_ENV}, else {@code /usr/bin/python3},
 * where Debian's {@code python3-torch} installs. The scripts are copied into the comparison's {@code native/}
 * directory, so the report's directory holds what ran.
 */
final class NativePyTorch {
    /** The side's name in the report. */
    static final String NAME = "pytorch-native";
    static final String PYTHON_ENV = "RESNETSPI_PYTHON";
    static final String SCRIPT = "native_inference.py";
    private static final List<String> SCRIPTS = List.of(SCRIPT, "d2l_resnet18.py");

    private NativePyTorch() {
    }

    /** The interpreter: {@value #PYTHON_ENV}, else {@code /usr/bin/python3}. */
    static String python() {
        String env = System.getenv(PYTHON_ENV);
        return env != null && !env.isBlank() ? env : "/usr/bin/python3";
    }

    /** Copies the scripts into {@code dir}; returns the script to run. */
    static Path install(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String s : SCRIPTS) {
            try (InputStream in = NativePyTorch.class.getResourceAsStream("native/" + s)) {
                if (in == null) {
                    throw new IOException("the CLI's jar lacks native/" + s + " (rebuild the cli module)");
                }
                Files.copy(in, dir.resolve(s), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir.resolve(SCRIPT);
    }

    /** The command of one round. */
    static List<String> command(Path script, Network net, Path inputs, int threads, InferenceSettings s, Path result) {
        List<String> cmd = new ArrayList<>(List.of(python(), script.toAbsolutePath().toString(),
                "--model", net.name(), "--channels", Integer.toString(net.inputShape().dim(0)),
                "--classes", Integer.toString(net.classes()),
                "--state", inputs.resolve(InferenceInputs.NATIVE_STATE).toAbsolutePath().toString(),
                "--input", inputs.resolve(InferenceInputs.INPUT).toAbsolutePath().toString(),
                "--threads", Integer.toString(threads), "--warmup", Integer.toString(s.warmup()),
                "--runs", Integer.toString(s.runs()), "--throughput-runs", Integer.toString(s.throughputRuns()),
                "--out", result.toAbsolutePath().toString()));
        return cmd;
    }
}
