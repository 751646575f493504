package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("train")
class TrainCommandTest {
    @TempDir
    Path dir;

    static final String[] TINY = {"--backend", "reference", "--dataset", "synthetic", "--model", "resnet-tiny",
            "--limit-train", "64", "--limit-test", "32", "--batch-size", "16", "--lr", "0.1", "--momentum", "0.9",
            "--weight-decay", "0.0005", "--seed", "3"};

    static String[] args(String... extra) {
        String[] a = new String[1 + TINY.length + extra.length];
        a[0] = "train";
        System.arraycopy(TINY, 0, a, 1, TINY.length);
        System.arraycopy(extra, 0, a, 1 + TINY.length, extra.length);
        return a;
    }

    /** The d2l line without its examples/sec (timing differs between runs). */
    static String numbers(String out) {
        String line = out.lines().filter(l -> l.startsWith("loss ")).reduce((x, y) -> y).orElseThrow();
        return line.substring(0, line.lastIndexOf(", ", line.indexOf(" examples/sec")));
    }

    @Test
    @DisplayName("prints a line per epoch and the d2l line; resuming from a checkpoint gives the uninterrupted run's numbers")
    void resumeThroughCli() throws Exception {
        Cli full = Cli.run(args("--epochs", "2"));
        assertThat(full.code()).as(full.err()).isZero();
        assertThat(full.out()).contains("epoch 1/2: loss").contains("epoch 2/2: loss")
                .containsPattern("loss \\d\\.\\d{3}, train acc \\d\\.\\d{3}, test acc \\d\\.\\d{3}, \\d+\\.\\d examples/sec on cpu");

        Path ckpt = dir.resolve("ckpt");
        Cli first = Cli.run(args("--epochs", "1", "--checkpoint", ckpt.toString()));
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(ckpt.resolve("epoch-0001.safetensors")).exists();

        Cli again = Cli.run(args("--epochs", "2", "--checkpoint", ckpt.toString()));
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already holds checkpoints").contains("--resume");

        Cli resumed = Cli.run(args("--epochs", "2", "--checkpoint", ckpt.toString(), "--resume"));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming from").contains("after epoch 1").doesNotContain("epoch 1/2: loss");
        assertThat(numbers(resumed.out())).isEqualTo(numbers(full.out()));
        assertThat(Files.exists(ckpt.resolve("epoch-0002.safetensors"))).isTrue();
    }

    @Test
    @DisplayName("--resume with an empty checkpoint directory says there is nothing to resume")
    void resumeNothing() {
        Cli r = Cli.run(args("--epochs", "1", "--checkpoint", dir.resolve("none").toString(), "--resume"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no complete checkpoint in");
    }
}
