package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.resnetspi.cli.exec.ChildJvm;
import io.github.resnetspi.onnx.OnnxConsumers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code onnxruntime} backend in the CLI: it evaluates what compare trained; compare and train do not train it. */
class OnnxRuntimeBackendCliTest {
    private static final String REASON = "inference only: ONNX Runtime runs the network exported for inference";

    @TempDir
    Path dir;

    @Test
    @DisplayName("a checkpoint trained by compare, exported as ONNX, passes onnx's full check, and evaluate on the "
            + "onnxruntime backend gives the test accuracy compare reported for it (to 1e-4)")
    void compareCheckpointEvaluatesToTheSameAccuracyOnOnnxRuntime() throws Exception {
        Path out = dir.resolve("compare");
        Cli compare = Cli.run(CompareCommandTest.args(out, "--backends", "reference"));
        assertThat(compare.code()).as(compare.out() + compare.err()).isZero();
        JsonObject run = CompareCommandTest.results(out).getAsJsonArray("runs").get(0).getAsJsonObject();
        assertThat(run.get("status").getAsString()).isEqualTo("ok");
        JsonArray history = run.getAsJsonArray("history");
        double reported = history.get(history.size() - 1).getAsJsonObject().get("testAccuracy").getAsDouble();
        Path checkpoint = out.resolve("cells/reference/seed-1/checkpoints")
                .resolve(String.format(Locale.ROOT, "epoch-%04d.safetensors", history.size()));
        assertThat(checkpoint).isRegularFile();

        Path onnx = dir.resolve("compare.onnx");
        Cli export = Cli.run("export", "--weights", checkpoint.toString(), "--out", onnx.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(OnnxConsumers.check(onnx)).startsWith("ok onnx");

        Cli evaluate = Cli.run("evaluate", "--backend", "onnxruntime", "--weights", checkpoint.toString());
        assertThat(evaluate.code()).as(evaluate.out() + evaluate.err()).isZero();
        assertThat(evaluate.out()).contains("on onnxruntime: ONNX Runtime ");
        double onOrt = PyTorchInteropTest.testAcc(evaluate.out());
        System.out.printf(Locale.ROOT, "compare reported test acc %.4f for %s; evaluate on onnxruntime %.4f%n", reported,
                checkpoint.getFileName(), onOrt);
        assertThat(Math.abs(onOrt - reported)).as("onnxruntime %s vs compare %s", onOrt, reported).isLessThanOrEqualTo(1e-4);
    }

    @Test
    @DisplayName("compare --backends onnxruntime and train --backend onnxruntime are refused with one message saying why")
    void trainingOnOnnxRuntimeIsRefused() {
        Cli compare = Cli.run(CompareCommandTest.args(dir.resolve("c"), "--backends", "reference,onnxruntime"));
        assertThat(compare.code()).isEqualTo(2);
        assertThat(compare.err().strip()).startsWith(ChildJvm.ERROR_PREFIX + "backend 'onnxruntime' does not train (" + REASON)
                .endsWith("): 'compare' trains every backend it runs; run a checkpoint on it with 'resnet-spi evaluate"
                        + " --backend onnxruntime --weights FILE'");
        assertThat(dir.resolve("c")).doesNotExist();

        Cli train = Cli.run("train", "--backend", "onnxruntime", "--profile", "smoke");
        assertThat(train.code()).isEqualTo(2);
        assertThat(train.err().strip()).startsWith(ChildJvm.ERROR_PREFIX + "backend 'onnxruntime' does not train (" + REASON)
                .contains("'train' trains every backend it runs");
    }

    @Test
    @DisplayName("compare without --backends leaves onnxruntime out of its default set, saying why")
    void defaultCompareLeavesOnnxRuntimeOut() {
        // --parallel 2 on --device auto is refused right after the backends are chosen: nothing trains
        Cli compare = Cli.run(CompareCommandTest.args(dir.resolve("c"), "--parallel", "2", "--device", "auto"));
        assertThat(compare.code()).isEqualTo(2);
        assertThat(compare.out()).contains("leaving out onnxruntime: it does not train (" + REASON);
        assertThat(compare.err()).contains("--parallel 2 needs --device gpu");
    }
}
