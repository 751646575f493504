package io.github.resnetspi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.StateLayout;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.reference.ReferenceProvider;
import io.github.resnetspi.training.checkpoint.SafeTensors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each example's {@code main}, with small settings, on the backend the module's tests name: the reference. */
@DisplayName("The README's examples run")
class ExamplesTest {
    @TempDir
    Path dir;

    /** Runs {@code main} and returns what it printed. */
    private static String run(ThrowingMain main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        original.print(out);
        return out;
    }

    @FunctionalInterface
    private interface ThrowingMain {
        void run() throws Exception;
    }

    @Test
    @DisplayName("-Dresnetspi.backend=reference selects the reference artifact among every backend on the class path")
    void referenceByName() {
        assertThat(System.getProperty(Backends.PROPERTY)).as("the module's surefire configuration names the backend")
                .isEqualTo(ReferenceProvider.NAME);
        Backends found = Backends.discover();
        assertThat(found.providers()).as("several backends, so the name decides").hasSizeGreaterThan(1);
        assertThat(Backends.select()).isInstanceOf(ReferenceProvider.class);
        assertThat(Backends.select().artifact()).isEqualTo("io.github.resnetspi:resnet-spi-backend-reference");
    }

    @Test
    @DisplayName("FirstSteps: a training step and a forward pass of resnet-tiny on the selected backend")
    void firstSteps() throws Exception {
        String out = run(() -> FirstSteps.main(new String[0]));
        assertThat(out).matches("(?s)reference on cpu: loss \\d+\\.\\d{4}, logits \\(8, 10\\)\\R");
    }

    @Test
    @DisplayName("TrainFashionMnist: three epochs on the committed Fashion-MNIST subset lower the loss and beat chance")
    void trainFashionMnist() throws Exception {
        Path data = copySubset(dir.resolve("fashion-mnist"));
        String out = run(() -> TrainFashionMnist.main(new String[] {data.toString(), "3", "1024", "500"}));
        Matcher m = Pattern.compile("epoch (\\d): loss (\\S+), train acc (\\S+), test acc (\\S+)").matcher(out);
        double[] loss = new double[4];
        double testAccuracy = 0;
        while (m.find()) {
            loss[Integer.parseInt(m.group(1))] = Double.parseDouble(m.group(2));
            testAccuracy = Double.parseDouble(m.group(4));
        }
        assertThat(loss[1]).as("epoch 1 loss in %s", out).isPositive();
        assertThat(loss[2]).as("epoch 2 loss").isPositive().isLessThan(loss[1]);
        assertThat(loss[3]).as("epoch 3 loss").isPositive().isLessThan(loss[2]);
        assertThat(testAccuracy).as("test accuracy after three epochs (chance: 0.1)").isGreaterThan(0.5);
        assertThat(out).containsPattern("loss \\S+, train acc \\S+, test acc \\S+, \\S+ examples/sec on cpu");
    }

    @Test
    @DisplayName("CheckpointRoundTrip: the exported state, read back into a fresh model, is the same and gives the same outputs")
    void checkpointRoundTrip() throws Exception {
        Path file = dir.resolve("tiny.safetensors");
        String out = run(() -> CheckpointRoundTrip.main(new String[] {file.toString()}));
        int entries = StateLayout.of(Presets.build("resnet-tiny"), CompileOptions.defaults().withMomentum(0.9)).entries().size();
        assertThat(out).startsWith(entries + " tensors written to " + file + " by reference and read back: the same state,"
                + " outputs within ");
        double largest = Double.parseDouble(out.substring(out.lastIndexOf(' ') + 1).strip());
        assertThat(largest).as("largest output difference").isLessThan(1e-4);
        assertThat(CheckpointRoundTrip.roundTrip(dir.resolve("again.safetensors"))).isTrue();
        assertThat(SafeTensors.read(file).tensors().size()).isEqualTo(entries);
    }

    @Test
    @DisplayName("RunConformanceKit: two checks of the kit against the selected backend, with their report")
    void runConformanceKit() throws Exception {
        Path reports = dir.resolve("conformance");
        String out = run(() -> RunConformanceKit.main(new String[] {reports.toString(), "forwardOp,stateRoundTrip"}));
        assertThat(out).startsWith("reference: ").contains(" 0 failed: conforms (report in " + reports + ")");
        assertThat(reports.resolve("reference.json")).isRegularFile();
        assertThat(Files.readString(reports.resolve("reference.md"))).contains("stateRoundTrip");
    }

    /** The kit's committed subset (2,000 training and 1,000 test images), copied out of its jar as files. */
    static Path copySubset(Path target) throws IOException {
        Files.createDirectories(target);
        for (String name : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz")) {
            String resource = "io/github/resnetspi/conformance/fashion-mnist/" + name;
            try (InputStream in = ExamplesTest.class.getClassLoader().getResourceAsStream(resource)) {
                assertThat(in).as("resource %s of resnet-spi-conformance-tests", resource).isNotNull();
                Files.copy(in, target.resolve(name));
            }
        }
        return target;
    }
}
