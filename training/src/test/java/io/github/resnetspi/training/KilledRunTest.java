package io.github.resnetspi.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.training.checkpoint.Checkpoint;
import io.github.resnetspi.training.checkpoint.CheckpointStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A training JVM killed mid-epoch")
class KilledRunTest {
    @TempDir
    Path dir;

    /** Child entry point: trains {@link TrainerTest#CONFIG}, slowly from epoch 2 on, printing each batch. */
    public static void main(String[] args) {
        CheckpointStore store = new CheckpointStore(Path.of(args[0]));
        TrainingListener slow = new TrainingListener() {
            @Override
            public void batchFinished(int epoch, int batch, int batches, double loss, double acc) {
                System.out.println("batch " + epoch + " " + batch);
                System.out.flush();
                if (epoch >= 2) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        try (Model m = TrainerTest.compile(TrainerTest.CONFIG)) {
            new Trainer(slow).train(m, TrainerTest.data(), TrainerTest.CONFIG, store, null, "t");
        }
    }

    @Test
    @DisplayName("leaves the previous checkpoint intact, and resuming from it equals an uninterrupted run")
    void killMidEpoch() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), KilledRunTest.class.getName(), ckpt.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.equals("batch 2 3")) {
                    p.destroyForcibly();
                    break;
                }
            }
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).isNotZero();
        CheckpointStore store = new CheckpointStore(ckpt);
        Checkpoint last = store.latest().orElseThrow();
        assertThat(last.epoch()).isEqualTo(1);
        assertThat(Files.exists(ckpt.resolve("epoch-0002.safetensors"))).isFalse();

        Object[] full = TrainerTest.uninterrupted(dir.resolve("full"));
        try (Model m = TrainerTest.compile(TrainerTest.CONFIG)) {
            TrainingResult resumed = new Trainer(TrainingListener.NONE).train(m, TrainerTest.data(), TrainerTest.CONFIG, store, last, "t");
            assertThat(m.exportState()).isEqualTo((NamedTensors) full[1]);
            TrainerTest.assertSameNumbers(resumed.history(), ((TrainingResult) full[0]).history());
        }
    }
}
