package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.StateLayout;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.presets.StateNames.Convention;
import io.github.resnetspi.api.presets.StateNames;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.cli.exec.ChildJvm;
import io.github.resnetspi.training.checkpoint.SafeTensors;
import io.github.resnetspi.training.checkpoint.Weights;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate}, {@code export} and {@code train --init-from} on the reference backend, and their refusals. */
class EvaluateCommandTest {
    @TempDir
    Path dir;

    static final String[] DATA = {"--backend", "reference", "--dataset", "synthetic"};

    static String[] with(String command, String[] common, String... extra) {
        String[] a = new String[1 + common.length + extra.length];
        a[0] = command;
        System.arraycopy(common, 0, a, 1, common.length);
        System.arraycopy(extra, 0, a, 1 + common.length, extra.length);
        return a;
    }

    static String testAcc(String out) {
        Matcher m = Pattern.compile("test acc (\\d\\.\\d{4})").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    @Test
    @DisplayName("evaluate gives a checkpoint the test accuracy train printed; export and --init-from carry the weights")
    void checkpointEvaluatedExportedAndReused() throws Exception {
        Path ckpt = dir.resolve("run");
        Cli train = Cli.run(TrainCommandTest.args("--epochs", "1", "--checkpoint", ckpt.toString()));
        assertThat(train.code()).as(train.err()).isZero();
        Path file = ckpt.resolve("epoch-0001.safetensors");
        Cli eval = Cli.run("evaluate", "--backend", "reference", "--weights", file.toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("evaluating resnet-tiny (" + file + ", resnet-spi names) on reference")
                .contains("note: left out 20 momentum buffers (the optimizer starts afresh)")
                .containsPattern("test loss \\d\\.\\d{4}, test acc \\d\\.\\d{4} \\(32 examples\\) on cpu");
        assertThat(testAcc(eval.out())).isEqualTo(testAcc(train.out()));

        Cli mismatch = Cli.run("evaluate", "--backend", "reference", "--weights", file.toString(), "--resize", "32");
        assertThat(mismatch.code()).isEqualTo(2);
        assertThat(mismatch.err().strip()).isEqualTo(ChildJvm.ERROR_PREFIX + file + " was trained on inputs of 1x28x28 but"
                + " synthetic at --resize 32 gives 1x32x32; evaluate it at its size (--resize 28, or leave --resize out)");

        Path plain = dir.resolve("plain.safetensors");
        Cli export = Cli.run("export", "--weights", file.toString(), "--names", "resnet-spi", "--out", plain.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out().strip()).isEqualTo("wrote " + plain + ": 32 tensors of resnet-tiny under resnet-spi names");
        Cli init = Cli.run(TrainCommandTest.args("--epochs", "1", "--init-from", plain.toString(), "--checkpoint",
                dir.resolve("run2").toString()));
        assertThat(init.code()).as(init.err()).isZero();
        assertThat(init.out()).contains("starting from the weights of " + plain);
    }

    @Test
    @DisplayName("a file that is not a checkpoint given to --resume is told so, with --init-from to use instead")
    void resumeOfAPlainState() throws Exception {
        Network tiny = Presets.build("resnet-tiny");
        Path ckpt = Files.createDirectories(dir.resolve("ckpt"));
        Path file = ckpt.resolve("epoch-0001.safetensors");
        try (OutputStream o = Files.newOutputStream(file)) {
            SafeTensors.write(o, StateLayout.of(tiny, false).initialState(1), Map.of());
        }
        Cli r = Cli.run(TrainCommandTest.args("--epochs", "2", "--checkpoint", ckpt.toString(), "--resume"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo(ChildJvm.ERROR_PREFIX + file + " is not a resnet-spi checkpoint: its metadata"
                + " names no resnet-spi format, so it is a plain state such as a state_dict saved from PyTorch, with no epoch or"
                + " settings to resume; to train from its weights, start a new run with --init-from " + file
                + " (and --names torchvision or d2l for PyTorch's names) in an empty --checkpoint directory");
        Cli both = Cli.run(TrainCommandTest.args("--epochs", "2", "--checkpoint", ckpt.toString(), "--resume",
                "--init-from", file.toString()));
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--init-from starts a new run from outside weights, --resume continues a run"
                + " from its checkpoint: pass one of them");
    }

    @Test
    @DisplayName("weights under other names, or for a model the names do not fit, are refused saying what fits")
    void namesThatDoNotFit() throws Exception {
        Network d2l = Presets.build("d2l-resnet18", new io.github.resnetspi.api.presets.PresetOptions(1, 28, 28, 10));
        Path file = dir.resolve("d2l.safetensors");
        Weights.writeStateDict(file, StateLayout.of(d2l, false).initialState(1), StateNames.of(d2l, Convention.D2L), true);
        Cli asOurs = Cli.run(with("evaluate", DATA, "--weights", file.toString(), "--model", "d2l-resnet18"));
        assertThat(asOurs.code()).isEqualTo(2);
        assertThat(asOurs.err().strip()).isEqualTo(ChildJvm.ERROR_PREFIX + "--weights " + file + " cannot be used for"
                + " d2l-resnet18: " + file + ": its names are d2l's, not resnet-spi's (e.g. '0.0.weight'); read it with d2l"
                + " names (see docs/errors.md#checkpoint)");
        Cli torchvision = Cli.run(with("evaluate", DATA, "--weights", file.toString(), "--model", "d2l-resnet18",
                "--names", "torchvision"));
        assertThat(torchvision.code()).isEqualTo(2);
        assertThat(torchvision.err()).contains("model d2l-resnet18 has no torchvision state names: torchvision names fit"
                + " resnet18, resnet34, resnet50, resnet101, resnet152; d2l names fit d2l-resnet18; resnet-spi names fit every model");
        Cli ok = Cli.run(with("evaluate", DATA, "--weights", file.toString(), "--model", "d2l-resnet18", "--names", "d2l",
                "--limit-test", "8"));
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("note: dropped 17 integer num_batches_tracked tensors").contains("(8 examples)");
    }
}
