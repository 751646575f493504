package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.cli.exec.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("train")
class TrainCommandTest {
    @TempDir
    Path dir;

    // the smoke profile underneath: an epoch-wise (constant) schedule, so a run extended on resume matches a full one
    static final String[] TINY = {"--profile", "smoke", "--backend", "reference", "--dataset", "synthetic", "--model", "resnet-tiny",
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

    @Test
    @DisplayName("--resume-if-present starts afresh without a checkpoint and resumes with one, as a restarted job needs")
    void resumeIfPresent() {
        Path ckpt = dir.resolve("requeue");
        Cli fresh = Cli.run(args("--epochs", "1", "--checkpoint", ckpt.toString(), "--resume-if-present"));
        assertThat(fresh.code()).as(fresh.err()).isZero();
        assertThat(fresh.out()).contains("epoch 1/1: loss").doesNotContain("resuming from");
        Cli rerun = Cli.run(args("--epochs", "2", "--checkpoint", ckpt.toString(), "--resume-if-present"));
        assertThat(rerun.code()).as(rerun.err()).isZero();
        assertThat(rerun.out()).contains("resuming from").contains("after epoch 1").contains("epoch 2/2: loss")
                .doesNotContain("epoch 1/2: loss");
        Cli full = Cli.run(args("--epochs", "2"));
        assertThat(numbers(rerun.out())).isEqualTo(numbers(full.out()));

        Cli both = Cli.run(args("--epochs", "2", "--checkpoint", ckpt.toString(), "--resume", "--resume-if-present"));
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err().strip()).isEqualTo(ChildJvm.ERROR_PREFIX + "--resume and --resume-if-present exclude each "
                + "other: --resume requires a checkpoint, --resume-if-present starts afresh without one; pass one of them");
        Cli noDir = Cli.run(args("--epochs", "1", "--resume-if-present"));
        assertThat(noDir.code()).isEqualTo(2);
        assertThat(noDir.err()).contains("--resume-if-present needs --checkpoint DIR");
    }

    static Path newestCheckpoint(Path ckpt) {
        return new io.github.resnetspi.training.checkpoint.CheckpointStore(ckpt).complete().stream()
                .reduce((a, b) -> b).orElseThrow();
    }

    @Test
    @DisplayName("prints which dataset it trained on")
    void dataSource() {
        Cli r = Cli.run(args("--epochs", "1"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\ndata: generated from seed 3\n");
    }

    @Test
    @DisplayName("a --data-dir that does not exist is an error naming it, not a silent fallback (item 4)")
    void dataDirMissing() {
        Path missing = dir.resolve("no-such-dir");
        Cli r = Cli.run("train", "--backend", "reference", "--dataset", "fashion-mnist", "--model", "resnet-tiny",
                "--data-dir", missing.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo(ChildJvm.ERROR_PREFIX + "the data directory, " + missing
                + ", does not exist: name the directory that holds the fashion-mnist files (see docs/errors.md#dataset)");
        assertThat(r.out()).doesNotContain("epoch 1/");
    }

    @Test
    @DisplayName("a second run on a --checkpoint directory in use is refused, naming the holder's PID (item 5)")
    void lockedDirectory() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        Process first = CliProcess.builder(List.of(), java.util.Map.of(), args("--epochs", "1000", "--checkpoint", ckpt.toString()))
                .redirectErrorStream(true).start();
        try {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(first.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            String l = lines.readLine();
            while (l != null && !l.startsWith("training ")) {
                l = lines.readLine();
            }
            assertThat(l).as("the first run's header, printed once it holds the lock").isNotNull();
            Cli second = Cli.run(args("--epochs", "1", "--checkpoint", ckpt.toString()));
            assertThat(second.code()).isEqualTo(1);
            assertThat(second.err().strip()).isEqualTo(ChildJvm.ERROR_PREFIX + ckpt + " is in use by another resnet-spi run (PID "
                    + first.pid() + "); wait for that run to finish, or choose another directory" + " (see docs/errors.md#run-directory); " + CliAdvice.of(ErrorAnchor.RUN_DIRECTORY));
            assertThat(second.out()).doesNotContain("epoch 1/");
        } finally {
            first.destroyForcibly();
            first.waitFor();
        }
        Cli after = Cli.run(args("--epochs", "1", "--checkpoint", dir.resolve("other").toString()));
        assertThat(after.code()).as(after.err()).isZero();
    }

    @Test
    @DisplayName("a --checkpoint that is a file or cannot be created fails before any training (item 6)")
    void unusableCheckpointDir() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Cli r = Cli.run(args("--epochs", "1", "--checkpoint", file.toString()));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo(ChildJvm.ERROR_PREFIX + file + " exists and is not a directory; name a"
                + " directory (it is created when missing)" + " (see docs/errors.md#run-directory); " + CliAdvice.of(ErrorAnchor.RUN_DIRECTORY));
        assertThat(r.out()).doesNotContain("epoch 1/");
        Cli under = Cli.run(args("--epochs", "1", "--checkpoint", file.resolve("sub").toString()));
        assertThat(under.code()).isEqualTo(1);
        assertThat(under.err()).contains("cannot create directory " + file.resolve("sub"));
        assertThat(under.out()).doesNotContain("epoch 1/");
    }

    @Test
    @DisplayName("a checkpoint whose metadata epoch is -1 or abc is refused in one line and left as it was (items 7, 9)")
    void badEpoch() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        assertThat(Cli.run(args("--epochs", "1", "--checkpoint", ckpt.toString())).code()).isZero();
        Path f = newestCheckpoint(ckpt);
        var c = io.github.resnetspi.training.checkpoint.SafeTensors.read(f);
        for (String epoch : new String[] {"-1", "abc"}) {
            java.util.Map<String, String> meta = new java.util.LinkedHashMap<>(c.metadata());
            meta.put("epoch", epoch);
            try (var out = Files.newOutputStream(f)) {
                io.github.resnetspi.training.checkpoint.SafeTensors.write(out, c.tensors(), meta);
            }
            byte[] before = Files.readAllBytes(f);
            Cli r = Cli.run(args("--epochs", "2", "--checkpoint", ckpt.toString(), "--resume"));
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).startsWith(ChildJvm.ERROR_PREFIX + "checkpoint " + f + " has epoch '" + epoch + "' in its"
                    + " metadata, not a number of complete epochs from 1 to 999999999").doesNotContain("For input string");
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.out()).doesNotContain("epoch 0/").doesNotContain("epoch 1/");
            assertThat(f).hasBinaryContent(before);
        }
    }

    @Test
    @DisplayName("a checkpoint rewritten without a tensor, or with a non-JSON header, is refused in one short line (items 1, 9)")
    void damagedCheckpoint() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        assertThat(Cli.run(args("--epochs", "1", "--checkpoint", ckpt.toString())).code()).isZero();
        Path f = newestCheckpoint(ckpt);
        var c = io.github.resnetspi.training.checkpoint.SafeTensors.read(f);
        try (var out = Files.newOutputStream(f)) {
            io.github.resnetspi.training.checkpoint.SafeTensors.write(out, c.tensors().filter(n -> !n.equals("fc.bias")),
                    c.metadata());
        }
        Cli r = Cli.run(args("--epochs", "2", "--checkpoint", ckpt.toString(), "--resume"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("checkpoint " + f + " does not match its content digest");
        assertThat(r.out()).doesNotContain("epoch 2/");

        byte[] junk = new byte[8 + 5600];
        java.nio.ByteBuffer.wrap(junk).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(5600);
        java.util.Arrays.fill(junk, 8, junk.length, (byte) 'x');
        Files.write(f, junk);
        Cli j = Cli.run(args("--epochs", "2", "--checkpoint", ckpt.toString(), "--resume"));
        assertThat(j.code()).isEqualTo(1);
        assertThat(j.err().strip()).hasSizeLessThan(450).doesNotContain("xxxxxxxxxx")
                .startsWith(ChildJvm.ERROR_PREFIX + f + " is not a valid safetensors file: its header is not valid JSON");
    }

    @Test
    @DisplayName("when the newest checkpoint is damaged the message names the older kept one; after the suggested mv, --resume continues from it (item 13)")
    void olderCheckpoint() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        assertThat(Cli.run(args("--epochs", "2", "--checkpoint", ckpt.toString())).code()).isZero();
        Path newest = ckpt.resolve("epoch-0002.safetensors");
        Files.write(newest, java.util.Arrays.copyOf(Files.readAllBytes(newest), 100));
        Cli r = Cli.run(args("--epochs", "3", "--checkpoint", ckpt.toString(), "--resume"));
        assertThat(r.code()).isEqualTo(1);
        Path damaged = ckpt.resolve("epoch-0002.safetensors.damaged");
        assertThat(r.err().strip()).endsWith("; the older checkpoint " + ckpt.resolve("epoch-0001.safetensors")
                + " is kept: to resume from it, move the damaged file away (mv " + newest + " " + damaged
                + ") and resume again (see docs/errors.md#checkpoint); " + CliAdvice.of(ErrorAnchor.CHECKPOINT));
        Files.move(newest, damaged);
        Cli resumed = Cli.run(args("--epochs", "3", "--checkpoint", ckpt.toString(), "--resume"));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("after epoch 1").contains("epoch 2/3: loss").contains("epoch 3/3: loss");
    }

    @Test
    @DisplayName("running out of memory, even in a 16 MiB JVM, is one line with the JAVA_OPTS=-Xmx hint (item 9)")
    void outOfMemory() throws Exception {
        Cli r = CliProcess.run(List.of("-Xmx16m"), java.util.Map.of(), "train", "--backend", "reference", "--dataset",
                "synthetic", "--model", "resnet-tiny", "--resize", "256", "--batch-size", "128", "--epochs", "1",
                "--limit-train", "256", "--limit-test", "16");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo(ChildJvm.ERROR_PREFIX + "out of memory (Java heap space, with at most "
                + r.err().replaceAll("(?s).*with at most (\\d+) MiB.*", "$1") + " MiB of Java heap); give Java more"
                + " memory, e.g. JAVA_OPTS=-Xmx8g ./resnet-spi ..., or use a smaller --batch-size or --resize");
        assertThat(r.err()).doesNotContain("Exception in thread").doesNotContain("\tat ");
    }
}
