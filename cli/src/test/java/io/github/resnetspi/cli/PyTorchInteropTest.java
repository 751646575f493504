package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.presets.PresetOptions;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.presets.StateNames;
import io.github.resnetspi.api.presets.StateNames.Convention;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.conformance.Tolerances;
import io.github.resnetspi.training.checkpoint.SafeTensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * resnet-spi against native PyTorch ({@code /usr/bin/python3} with Debian's python3-torch and python3-torchvision;
 * the test fails, saying what to install, without them), through the CLI as a user runs it. PyTorch's side is
 * {@code src/test/python/pytorch_interop.py}: torchvision's {@code resnet18} and the d2l chapter's ResNet-18, each
 * trained a few SGD steps on Fashion-MNIST (so that the batch-norm statistics are not trivial), saved as state_dicts.
 * <ul>
 *   <li>the names: {@link StateNames} gives exactly the state_dict names and shapes of torchvision's resnet18 …
 *       resnet152 and of the d2l model;</li>
 *   <li>in: {@code resnet-spi evaluate} of each state_dict on every backend gives native's accuracy (to 1e-3) and
 *       logits (the kit's preset forward tolerance, relative to the largest logit) on the first {@value #IMAGES}
 *       Fashion-MNIST test images;</li>
 *   <li>out: a checkpoint {@code train} writes, exported with {@code resnet-spi export --num-batches-tracked}, loads
 *       into the PyTorch model with {@code strict=True} and gives the accuracy {@code train} printed and the logits of
 *       {@code evaluate}.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("PyTorch's torchvision and d2l weights in and out")
class PyTorchInteropTest {
    static final String PYTHON = "/usr/bin/python3";
    static final Path SCRIPT = Path.of("src", "test", "python", "pytorch_interop.py").toAbsolutePath();
    static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");
    static final int IMAGES = 500;
    static final List<String> BACKENDS = List.of("reference", "djl-pytorch", "djl-mxnet", "tensorflow");
    static final double ACCURACY = 1e-3;
    private static final Pattern TEST_ACC = Pattern.compile("test acc (\\d\\.\\d{4})");

    final Path dir = Path.of("target", "pytorch-interop").toAbsolutePath();
    JsonObject nativeResults;

    @BeforeAll
    void nativeSide() throws Exception {
        if (!Files.isRegularFile(DATA.resolve("t10k-images-idx3-ubyte.gz"))) {
            fail("Fashion-MNIST is missing from " + DATA + ": install it with sudo apt-get install dataset-fashion-mnist");
        }
        Files.createDirectories(dir);
        python("make", dir.toString(), Integer.toString(IMAGES));
        nativeResults = json(dir.resolve("native.json"));
    }

    @Test
    @DisplayName("StateNames gives torchvision's names and shapes for resnet18..resnet152, and the d2l chapter's for d2l-resnet18")
    void namesAreThoseOfPyTorch() throws IOException {
        JsonObject names = json(dir.resolve("names.json"));
        for (String preset : StateNames.presets(Convention.TORCHVISION)) {
            assertThat(ours(Presets.build(preset), Convention.TORCHVISION)).as(preset).isEqualTo(theirs(names, preset));
        }
        Network d2l = Presets.build("d2l-resnet18", new PresetOptions(1, 28, 28, 10));
        assertThat(ours(d2l, Convention.D2L)).isEqualTo(theirs(names, "d2l-resnet18"));
    }

    @Test
    @DisplayName("a state_dict of native PyTorch, under torchvision's and under d2l's names, evaluates to native's accuracy and logits on every backend")
    void nativeWeightsEvaluateAsInPyTorch() throws Exception {
        List<String> table = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String kind : List.of("torchvision", "d2l")) {
            double nativeAcc = nativeResults.getAsJsonObject(kind).get("accuracy").getAsDouble();
            FloatTensor nativeLogits = logits(dir.resolve(kind + "-logits.safetensors"));
            for (String backend : BACKENDS) {
                Path ourLogits = dir.resolve(kind + "-" + backend + "-logits.safetensors");
                Cli r = cli("evaluate", "--backend", backend, "--weights", dir.resolve(kind + ".safetensors").toString(),
                        "--names", kind, "--model", kind.equals("d2l") ? "d2l-resnet18" : "resnet18",
                        "--dataset", "fashion-mnist", "--data-dir", DATA.toString(), "--limit-test", Integer.toString(IMAGES),
                        "--logits", ourLogits.toString());
                assertThat(r.out()).contains("note: dropped " + (kind.equals("d2l") ? 17 : 20)
                        + " integer num_batches_tracked tensors");
                double acc = testAcc(r.out());
                double diff = relativeDifference(logits(ourLogits), nativeLogits);
                table.add(String.format(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.2e |", kind, backend, nativeAcc, acc, diff));
                if (Math.abs(acc - nativeAcc) > ACCURACY || !(diff <= Tolerances.PRESET_FORWARD)) {
                    failures.add(kind + " on " + backend + ": accuracy " + acc + " vs native " + nativeAcc + ", logits " + diff);
                }
            }
        }
        System.out.println("native PyTorch " + nativeResults.get("torch").getAsString() + " vs resnet-spi evaluate, "
                + IMAGES + " Fashion-MNIST test images:\n| names | backend | native acc | our acc | logits max |diff| / max |native| |\n"
                + "|---|---|---|---|---|\n" + String.join("\n", table));
        assertThat(failures).isEmpty();
    }

    @Test
    @DisplayName("a checkpoint written by train, exported, loads into torchvision's resnet18 and the d2l model with strict=True and gives ours")
    void trainedHereLoadsIntoPyTorch() throws Exception {
        Map<String, Double> cliAcc = new LinkedHashMap<>();
        for (String kind : List.of("torchvision", "d2l")) {
            Path ckpt = dir.resolve("run-" + kind);
            deleteTree(ckpt);
            Cli train = cli("train", "--backend", "djl-pytorch", "--model", kind.equals("d2l") ? "d2l-resnet18" : "resnet18",
                    "--dataset", "fashion-mnist", "--data-dir", DATA.toString(), "--limit-train", "512",
                    "--limit-test", Integer.toString(IMAGES), "--epochs", "1", "--batch-size", "64", "--lr", "0.05",
                    "--checkpoint", ckpt.toString());
            cliAcc.put(kind, testAcc(train.out()));
            Path file = ckpt.resolve("epoch-0001.safetensors");
            Cli export = Cli.run("export", "--weights", file.toString(), "--names", kind, "--num-batches-tracked",
                    "--out", dir.resolve("exported-" + kind + ".safetensors").toString());
            assertThat(export.code()).as(export.err()).isZero();
            cli("evaluate", "--backend", "djl-pytorch", "--weights", file.toString(), "--data-dir", DATA.toString(),
                    "--logits", dir.resolve("ours-" + kind + "-logits.safetensors").toString());
        }
        python("check", dir.toString(), Integer.toString(IMAGES));
        JsonObject theirs = json(dir.resolve("exported.json"));
        for (String kind : cliAcc.keySet()) {
            double native_ = theirs.getAsJsonObject(kind).get("accuracy").getAsDouble();
            double diff = relativeDifference(logits(dir.resolve("ours-" + kind + "-logits.safetensors")),
                    logits(dir.resolve("exported-" + kind + "-logits.safetensors")));
            System.out.printf(Locale.ROOT, "trained here (%s names): train printed test acc %.4f, native PyTorch %.4f,"
                    + " logits max |diff| / max |native| %.2e%n", kind, cliAcc.get(kind), native_, diff);
            assertThat(native_).as(kind).isCloseTo(cliAcc.get(kind), org.assertj.core.data.Offset.offset(ACCURACY));
            assertThat(diff).as(kind).isLessThanOrEqualTo(Tolerances.PRESET_FORWARD);
        }
    }

    /** Entry name → shape, with a num_batches_tracked of shape () per batch norm, as a state_dict holds them. */
    static Map<String, List<Integer>> ours(Network net, Convention c) {
        StateNames names = StateNames.of(net, c);
        Map<String, List<Integer>> out = new TreeMap<>();
        for (ParameterSpec p : net.parameters()) {
            out.put(names.foreign(p.name()), Arrays.stream(p.shape().dims()).boxed().toList());
        }
        names.batchCounters().forEach(n -> out.put(n, List.of()));
        return out;
    }

    static Map<String, List<Integer>> theirs(JsonObject names, String model) {
        Map<String, List<Integer>> out = new TreeMap<>();
        names.getAsJsonObject(model).entrySet().forEach(e -> {
            List<Integer> dims = new ArrayList<>();
            e.getValue().getAsJsonArray().forEach(d -> dims.add(d.getAsInt()));
            out.put(e.getKey(), dims);
        });
        return out;
    }

    /** {@code max|ours − theirs| / max|theirs|}, as the kit compares forwards. */
    static double relativeDifference(FloatTensor ours, FloatTensor theirs) {
        assertThat(ours.shape()).isEqualTo(theirs.shape());
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < ours.size(); i++) {
            worst = Math.max(worst, Math.abs(ours.get(i) - theirs.get(i)));
            scale = Math.max(scale, Math.abs(theirs.get(i)));
        }
        return worst / scale;
    }

    static FloatTensor logits(Path file) {
        return SafeTensors.read(file).tensors().get("logits");
    }

    static double testAcc(String out) {
        Matcher m = TEST_ACC.matcher(out);
        assertThat(m.find()).as("a test accuracy in:\n" + out).isTrue();
        return Double.parseDouble(m.group(1));
    }

    static Cli cli(String... args) throws IOException, InterruptedException {
        Cli r = CliProcess.run(List.of(), Map.of(), args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
        return r;
    }

    static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    static void python(String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            fail(PYTHON + " is missing: install Debian's python3-torch and python3-torchvision (sudo apt-get install"
                    + " python3-torch python3-torchvision)");
        }
        Process probe = new ProcessBuilder(PYTHON, "-c", "import torch, torchvision").redirectErrorStream(true).start();
        String probeOut = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (probe.waitFor() != 0) {
            fail(PYTHON + " cannot import torch and torchvision (" + probeOut.strip() + "): install Debian's python3-torch"
                    + " and python3-torchvision (sudo apt-get install python3-torch python3-torchvision)");
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON, SCRIPT.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
    }

    static void deleteTree(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var s = Files.walk(p)) {
                for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(q);
                }
            }
        }
    }
}
