package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.StateLayout;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.presets.PresetOptions;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.presets.StateNames.Convention;
import io.github.resnetspi.api.presets.StateNames;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.cli.exec.ChildJvm;
import io.github.resnetspi.conformance.Compare;
import io.github.resnetspi.conformance.TestData;
import io.github.resnetspi.conformance.Tolerances;
import io.github.resnetspi.onnx.OnnxConsumers;
import io.github.resnetspi.onnx.OnnxExport;
import io.github.resnetspi.reference.ReferenceProvider;
import io.github.resnetspi.training.Trainer;
import io.github.resnetspi.training.checkpoint.SafeTensors;
import io.github.resnetspi.training.checkpoint.Weights;
import io.github.resnetspi.training.data.BatchMaker;
import io.github.resnetspi.training.data.DataLocator;
import io.github.resnetspi.training.data.Dataset;
import io.github.resnetspi.training.data.Datasets;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export --out *.onnx}: the model of a checkpoint {@code train} wrote, checked and run by independent consumers. */
class OnnxExportCommandTest {
    static final Path DATA = PyTorchInteropTest.DATA;
    static final int TEST_EXAMPLES = 200;

    @TempDir
    Path dir;

    @Test
    @DisplayName("a checkpoint trained by train, exported as ONNX, passes onnx's full check and gives train's test accuracy in ONNX Runtime")
    void trainedCheckpointRunsInOnnxRuntimeToTrainsAccuracy() throws Exception {
        if (!Files.isRegularFile(DATA.resolve("t10k-images-idx3-ubyte.gz"))) {
            fail("Fashion-MNIST is missing from " + DATA + ": install it with sudo apt-get install dataset-fashion-mnist");
        }
        Path run = dir.resolve("run");
        Cli train = Cli.run("train", "--backend", "reference", "--model", "resnet-tiny", "--dataset", "fashion-mnist",
                "--data-dir", DATA.toString(), "--limit-train", "1024", "--limit-test", Integer.toString(TEST_EXAMPLES),
                "--epochs", "1", "--batch-size", "32", "--lr", "0.05", "--checkpoint", run.toString());
        assertThat(train.code()).as(train.err()).isZero();
        double trainAcc = PyTorchInteropTest.testAcc(train.out());

        Path checkpoint = run.resolve("epoch-0001.safetensors");
        Path onnx = dir.resolve("tiny.onnx");
        Cli export = Cli.run("export", "--weights", checkpoint.toString(), "--out", onnx.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out()).contains("wrote " + onnx + ": ONNX opset " + OnnxExport.OPSET + " model of resnet-tiny"
                + " (input N x 1x28x28, N free), 32 weight tensors from " + checkpoint);

        Cli otherSize = Cli.run("export", "--weights", checkpoint.toString(), "--resize", "32", "--out", onnx.toString());
        assertThat(otherSize.code()).isEqualTo(2);
        assertThat(otherSize.err().strip()).isEqualTo(ChildJvm.ERROR_PREFIX + checkpoint + " was trained on inputs of 1x28x28"
                + " but this export would take 1x32x32; leave --dataset and --resize out to export it at its size");
        assertThat(OnnxConsumers.check(onnx)).startsWith("ok onnx");

        Dataset test = Datasets.load("fashion-mnist", DataLocator.standard(DATA), 1).limit(0, TEST_EXAMPLES).test();
        BatchMaker batches = new BatchMaker(test, 28, 28);
        int[] order = new int[test.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        FloatTensor logits = OnnxConsumers.run(Files.readAllBytes(onnx), batches.images(order, 0, order.length));
        double ortAcc = (double) Trainer.countCorrect(logits, batches.labels(order, 0, order.length)) / order.length;
        System.out.printf(Locale.ROOT, "resnet-tiny trained here: train printed test acc %.4f, ONNX Runtime on the exported"
                + " model %.4f (%d examples)%n", trainAcc, ortAcc, order.length);
        assertThat(Math.abs(ortAcc - trainAcc)).as("ONNX Runtime %s vs train %s", ortAcc, trainAcc).isLessThanOrEqualTo(1e-4);
    }

    @Test
    @DisplayName("a plain state exported as ONNX needs --model; an unknown --format is refused")
    void plainStateNeedsModelAndFormatIsChecked() throws Exception {
        Network tiny = Presets.build("resnet-tiny");
        Path plain = dir.resolve("plain.safetensors");
        try (OutputStream o = Files.newOutputStream(plain)) {
            SafeTensors.write(o, StateLayout.of(tiny, false).initialState(1), Map.of());
        }
        Path onnx = dir.resolve("plain.onnx");
        Cli noModel = Cli.run("export", "--weights", plain.toString(), "--out", onnx.toString());
        assertThat(noModel.code()).isEqualTo(2);
        assertThat(noModel.err().strip()).isEqualTo(ChildJvm.ERROR_PREFIX + "--weights " + plain + " is not a checkpoint"
                + " written by 'train': name the network its weights are for with --model (and its input with --dataset and --resize)");

        Cli withModel = Cli.run("export", "--weights", plain.toString(), "--model", "resnet-tiny", "--out", onnx.toString());
        assertThat(withModel.code()).as(withModel.err()).isZero();
        assertThat(OnnxConsumers.check(onnx)).startsWith("ok onnx");

        Cli badFormat = Cli.run("export", "--weights", plain.toString(), "--format", "tflite", "--out", onnx.toString());
        assertThat(badFormat.code()).isEqualTo(2);
        assertThat(badFormat.err().strip()).isEqualTo(ChildJvm.ERROR_PREFIX + "--format must be onnx or state-dict, got 'tflite'");
    }

    @Test
    @DisplayName("a state_dict under torchvision's names exported as ONNX gives the reference backend's logits in ONNX Runtime")
    void torchvisionStateDictExportsAsOnnx() throws Exception {
        Network net = Presets.build("resnet18", new PresetOptions(3, 32, 32, 10));
        NamedTensors state = TestData.randomState(net, 6);
        Path stateDict = dir.resolve("resnet18.safetensors");
        Weights.writeStateDict(stateDict, state, StateNames.of(net, Convention.TORCHVISION), true);
        Path onnx = dir.resolve("resnet18.onnx");
        Cli export = Cli.run("export", "--weights", stateDict.toString(), "--names", "torchvision", "--model", "resnet18",
                "--dataset", "cifar10", "--out", onnx.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out()).contains("note: dropped 20 integer num_batches_tracked tensors")
                .contains("ONNX opset " + OnnxExport.OPSET + " model of resnet18 (input N x 3x32x32, N free)");
        assertThat(OnnxConsumers.check(onnx)).startsWith("ok onnx");

        FloatTensor images = TestData.images(net, 2, 21);
        FloatTensor expected;
        try (Model reference = new ReferenceProvider().compile(net, CompileOptions.defaults())) {
            reference.importState(state);
            expected = reference.forward(images, Mode.EVAL);
        }
        Compare.assertClose("ONNX Runtime vs reference", OnnxConsumers.run(Files.readAllBytes(onnx), images), expected,
                Tolerances.PRESET_FORWARD);
    }
}
