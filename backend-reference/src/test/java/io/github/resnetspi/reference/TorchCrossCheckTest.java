package io.github.resnetspi.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.ParameterKind;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.init.Initializer;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.StepResult;
import io.github.resnetspi.conformance.CornerCase;
import io.github.resnetspi.conformance.FashionMnistSubset;
import io.github.resnetspi.conformance.KitCases;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The float64 reference checked against an independent implementation of the same pinned semantics: every network the
 * kit compares numerically (each op case, forward and trainable, each preset case, and the loss-curve network) is
 * exported as a node list with its inputs and imported state, rebuilt in PyTorch float64 by
 * {@code src/test/python/torch_reference.py}, and run as the kit runs it; the reference's forward outputs, running
 * statistics, losses, logits, gradients and states after two SGD steps (momentum, weight decay, learning rate changed)
 * must agree to float32 rounding (the reference reports float32 at the SPI boundary). Needs Debian's
 * {@code python3-torch} for {@code /usr/bin/python3} (or {@value #PYTHON_PROPERTY}); without it the test fails,
 * saying how to install it.
 */
class TorchCrossCheckTest {
    static final String PYTHON_PROPERTY = "resnetspi.crosscheck.python";
    private static final String PYTHON = System.getProperty(PYTHON_PROPERTY, "/usr/bin/python3");
    private static final Path SCRIPT = Path.of("src", "test", "python", "torch_reference.py");
    private static final Path DIR = Path.of("target", "torch-crosscheck");
    /**
     * The reference rounds each reported value to float32 (relative error ≤ 2^-24 ≈ 6e-8 of the value, so of the
     * tensor's scale); the two float64 computations differ by ~1e-15 before that. 2e-7 is float32 rounding with room
     * for a value that rounds up where the other rounds down, nothing more.
     */
    private static final double TOLERANCE = 2e-7;
    /** Weights larger than this travel as their initialisation seed when they are exactly its values. */
    private static final int SEEDED_ABOVE = 4096;

    @Test
    @DisplayName("forward outputs, running statistics, losses, logits, gradients and two SGD steps of every kit network "
            + "agree with PyTorch float64 to float32 rounding")
    void referenceAgreesWithPyTorch() throws Exception {
        String torch = requireTorch();
        Files.createDirectories(DIR);
        Export export = new Export(new ReferenceProvider());
        KitCases.opCases().forEach(id -> export.forward("forwardOp[" + id + "]", KitCases.forwardOp(id)));
        KitCases.presetForwardCases().forEach(id -> export.forward("forwardPreset[" + id + "]", KitCases.forwardPreset(id)));
        KitCases.stepCases().forEach(id -> export.steps("trainingTwoSteps[" + id + "]", KitCases.step(id)));
        KitCases.cornerCases().forEach(id -> export.forward("forwardCorner[" + id + "]", KitCases.forwardCorner(id)));
        KitCases.cornerCases().forEach(id -> export.cornerSteps("trainingCorner[" + id + "]", id));
        export.lossCurveNetwork();
        export.write();

        runScript();
        Map<String, Map<String, Result>> theirs = readResults();

        Map<String, Double> worstByQuantity = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Map<String, double[]>> c : export.ours.entrySet()) {
            Map<String, Result> got = theirs.get(c.getKey());
            assertThat(got).as("PyTorch's results for " + c.getKey()).isNotNull();
            for (Map.Entry<String, Double> e : compare(c.getValue(), got).entrySet()) {
                String quantity = quantity(e.getKey());
                worstByQuantity.merge(quantity, e.getValue(), Math::max);
                if (!(e.getValue() <= TOLERANCE)) {
                    failures.add(String.format(Locale.ROOT, "%s %s: %.3e", c.getKey(), e.getKey(), e.getValue()));
                }
            }
        }
        String table = worstByQuantity.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "| %s | %.2e |", e.getKey(), e.getValue()))
                .collect(Collectors.joining("\n", "| quantity | largest disagreement |\n|---|---|\n", "\n"));
        String summary = "PyTorch " + torch + ", " + export.ours.size() + " cases, tolerance " + TOLERANCE + "\n\n" + table;
        Files.writeString(DIR.resolve("agreement.md"), summary, StandardCharsets.UTF_8);
        System.out.println("reference vs PyTorch float64:\n" + summary);
        assertThat(failures).as("disagreements with PyTorch beyond %s (scale-relative)", TOLERANCE).isEmpty();

        // and the comparison can fail: two mutants of the reference disagree with PyTorch by far more
        Export wrong = new Export(TestBackends.mutant("bn-epsilon-1e-3").get());
        wrong.forward("forwardOp[batchnorm]", KitCases.forwardOp("batchnorm"));
        assertThat(compare(wrong.ours.get("forwardOp[batchnorm]"), theirs.get("forwardOp[batchnorm]")).get("train"))
                .as("the BN-epsilon mutant's disagreement").isGreaterThan(1e-3);
        wrong = new Export(TestBackends.mutant("sgd-dampened-momentum").get());
        wrong.steps("trainingTwoSteps[op:add]", KitCases.step("op:add"));
        assertThat(compare(wrong.ours.get("trainingTwoSteps[op:add]"), theirs.get("trainingTwoSteps[op:add]")).get("step1/state/conv.weight"))
                .as("the dampened-momentum mutant's disagreement").isGreaterThan(1e-3);
    }

    /** The group a compared key belongs to in the summary: {@code step1/grad/conv.weight} → {@code gradient}. */
    private static String quantity(String key) {
        String k = key.replaceFirst("^step\\d/", "");
        if (k.startsWith("grad/")) {
            return "gradients";
        }
        if (k.startsWith("state/")) {
            return k.endsWith(".momentum_buffer") ? "momentum buffers after a step"
                    : k.endsWith(".running_mean") || k.endsWith(".running_var") ? "running statistics after a step"
                    : "parameters after a step";
        }
        if (k.startsWith("stats/")) {
            return "running statistics after a train forward";
        }
        return switch (k) {
            case "eval" -> "eval-mode output";
            case "train" -> "train-mode output";
            case "loss" -> "loss";
            case "logits" -> "logits of a step";
            default -> k;
        };
    }

    /**
     * Scale-relative errors, {@code max|ours − theirs| / max(‖theirs‖∞, floor)}: per key, with each group's (all
     * gradients of a step, all state of a step, all statistics) floor at 1e-3 of its largest value, as the kit's
     * comparisons do, so that values that are 0 in exact arithmetic are judged at the scale of their kind.
     */
    private static Map<String, Double> compare(Map<String, double[]> ours, Map<String, Result> theirs) {
        Map<String, Double> groupScale = new LinkedHashMap<>();
        theirs.forEach((k, v) -> groupScale.merge(group(k), v.absMax(), Math::max));
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : ours.entrySet()) {
            Result want = theirs.get(e.getKey());
            double[] got = e.getValue();
            if (want == null || want.values().length != (got.length + want.stride() - 1) / want.stride()) {
                out.put(e.getKey(), Double.NaN);
                continue;
            }
            double scale = e.getKey().endsWith("loss") ? Math.max(1, want.absMax())
                    : Math.max(want.absMax(), 1e-3 * groupScale.get(group(e.getKey())));
            double worst = 0;
            for (int i = 0; i < want.values().length; i++) {
                worst = Math.max(worst, Math.abs(got[i * want.stride()] - want.values()[i]));
            }
            out.put(e.getKey(), scale == 0 ? worst : worst / scale);
        }
        return out;
    }

    private static double[] values(FloatTensor t) {
        double[] v = new double[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.get(i);
        }
        return v;
    }

    private static String group(String key) {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    // ---------------------------------------------------------------- the reference's side and the export

    /** Every case: its description for the script, and the reference's results under the script's keys. */
    private static final class Export {
        private final Backend reference;
        final JsonArray cases = new JsonArray();
        final Map<String, Map<String, double[]>> ours = new LinkedHashMap<>();
        private final List<double[]> blobs = new ArrayList<>();
        private long size;

        Export(Backend reference) {
            this.reference = reference;
        }

        JsonObject ref(FloatTensor t) {
            double[] v = values(t);
            JsonObject r = new JsonObject();
            r.addProperty("offset", size);
            JsonArray shape = new JsonArray();
            Arrays.stream(t.shape().dims()).forEach(shape::add);
            r.add("shape", shape);
            blobs.add(v);
            size += v.length;
            return r;
        }

        /**
         * A state: each large weight that is exactly its documented initial value for {@code seed} as the seed (the
         * script draws it, checked against the XOR of its float32 bits), everything else as values.
         */
        JsonObject tensors(Network net, NamedTensors t, long seed) {
            JsonObject o = new JsonObject();
            Map<String, ParameterSpec> specs = new LinkedHashMap<>();
            net.parameters().forEach(p -> specs.put(p.name(), p));
            t.asMap().forEach((k, v) -> {
                ParameterSpec p = specs.get(k);
                boolean weight = p != null && (p.kind() == ParameterKind.CONV_WEIGHT || p.kind() == ParameterKind.DENSE_WEIGHT);
                if (weight && v.size() > SEEDED_ABOVE && Initializer.initial(p, seed).equals(v)) {
                    JsonObject r = new JsonObject();
                    r.addProperty("xavier", seed);
                    JsonArray shape = new JsonArray();
                    Arrays.stream(v.shape().dims()).forEach(shape::add);
                    r.add("shape", shape);
                    int xor = 0;
                    for (int i = 0; i < v.size(); i++) {
                        xor ^= Float.floatToRawIntBits(v.get(i));
                    }
                    r.addProperty("xor", Integer.toUnsignedLong(xor));
                    o.add(k, r);
                } else {
                    o.add(k, ref(v));
                }
            });
            return o;
        }

        void forward(String id, KitCases.ForwardCase fc) {
            JsonObject c = new JsonObject();
            c.addProperty("id", id);
            c.addProperty("kind", "forward");
            c.add("network", NetworkJson.of(fc.network()));
            c.add("images", ref(fc.images()));
            c.add("state", tensors(fc.network(), fc.state(), KitCases.FORWARD_STATE_SEED));
            cases.add(c);
            Map<String, double[]> r = new LinkedHashMap<>();
            try (Model m = reference.compile(fc.network(), CompileOptions.defaults().withSeed(1))) {
                m.importState(fc.state());
                r.put("eval", values(m.forward(fc.images(), Mode.EVAL)));
                r.put("train", values(m.forward(fc.images(), Mode.TRAIN)));
                m.exportState().filter(n -> n.endsWith(".running_mean") || n.endsWith(".running_var"))
                        .asMap().forEach((k, v) -> r.put("stats/" + k, values(v)));
            }
            ours.put(id, r);
        }

        void steps(String id, KitCases.StepCase sc) {
            steps(id, sc.network(), sc.state(), KitCases.STEP_STATE_SEED, sc.images1(), sc.labels1(), sc.images2(), sc.labels2(),
                    KitCases.STEP_MOMENTUM, sc.weightDecay(), KitCases.STEP_LR_1, KitCases.STEP_LR_2, 3);
        }

        void cornerSteps(String id, String cornerId) {
            KitCases.StepCase sc = KitCases.cornerStep(cornerId);
            CornerCase cc = CornerCase.get(cornerId);
            steps(id, sc.network(), sc.state(), cc.seed() + 1, sc.images1(), sc.labels1(), sc.images2(), sc.labels2(),
                    cc.momentum(), sc.weightDecay(), KitCases.CORNER_LR_1, KitCases.CORNER_LR_2, 3);
        }

        /** The loss curve's and the convergence check's network: resnet-tiny at 28×28, two batches of Fashion-MNIST. */
        void lossCurveNetwork() {
            Network net = Presets.build("resnet-tiny");
            FashionMnistSubset data = FashionMnistSubset.train();
            NamedTensors initial;
            try (Model m = reference.compile(net, CompileOptions.defaults().withSeed(11))) {
                initial = m.exportState();
            }
            steps("trainingLossCurve (first two steps)", net, initial, 11, data.images().slice(0, 16),
                    Arrays.copyOfRange(data.labels(), 0, 16), data.images().slice(16, 32), Arrays.copyOfRange(data.labels(), 16, 32),
                    0.9, 5e-4, 0.02, 0.02, 11);
        }

        private void steps(String id, Network net, NamedTensors state, long stateSeed, FloatTensor x1, int[] l1, FloatTensor x2,
                           int[] l2, double momentum, double weightDecay, double lr1, double lr2, long seed) {
            JsonObject c = new JsonObject();
            c.addProperty("id", id);
            c.addProperty("kind", "steps");
            c.add("network", NetworkJson.of(net));
            NamedTensors plain = state.filter(n -> !n.endsWith(".momentum_buffer"));
            c.add("state", tensors(net, plain, stateSeed));
            JsonArray trainable = new JsonArray();
            net.trainableParameters().stream().map(ParameterSpec::name).forEach(trainable::add);
            c.add("trainable", trainable);
            c.add("images1", ref(x1));
            c.add("images2", ref(x2));
            c.add("labels1", new Gson().toJsonTree(l1));
            c.add("labels2", new Gson().toJsonTree(l2));
            JsonObject sgd = new JsonObject();
            sgd.addProperty("momentum", momentum);
            sgd.addProperty("weightDecay", weightDecay);
            sgd.addProperty("lr1", lr1);
            sgd.addProperty("lr2", lr2);
            c.add("sgd", sgd);
            cases.add(c);
            Map<String, double[]> r = new LinkedHashMap<>();
            CompileOptions o = CompileOptions.defaults().withSeed(seed).withMomentum(momentum).withWeightDecay(weightDecay);
            try (Model m = reference.compile(net, o)) {
                m.importState(plain);
                double[] rates = {lr1, lr2};
                FloatTensor[] xs = {x1, x2};
                int[][] ls = {l1, l2};
                for (int s = 0; s < 2; s++) {
                    String p = "step" + (s + 1) + "/";
                    StepResult result = m.trainStep(xs[s], ls[s], rates[s]);
                    r.put(p + "loss", new double[] {result.loss()});
                    r.put(p + "logits", values(result.logits()));
                    m.gradients().asMap().forEach((k, v) -> r.put(p + "grad/" + k, values(v)));
                    m.exportState().asMap().forEach((k, v) -> r.put(p + "state/" + k, values(v)));
                }
            }
            ours.put(id, r);
        }

        void write() throws IOException {
            JsonObject root = new JsonObject();
            root.add("cases", cases);
            Files.writeString(DIR.resolve("cases.json"), new GsonBuilder().create().toJson(root), StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(DIR.resolve("tensors.f64"), StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                for (double[] v : blobs) {
                    ByteBuffer b = ByteBuffer.allocate(v.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    b.asDoubleBuffer().put(v);
                    ch.write(b);
                }
            }
        }
    }

    // ---------------------------------------------------------------- the script

    /** Fails, saying how to install it, unless {@link #PYTHON} imports torch; returns torch's version. */
    private static String requireTorch() throws InterruptedException {
        String install = "install it with `apt-get install python3-torch` (Debian's PyTorch for /usr/bin/python3), or name "
                + "another interpreter that has torch with -D" + PYTHON_PROPERTY + "=PATH";
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch, numpy; print(torch.__version__)").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return fail("PyTorch is unavailable for " + PYTHON + " (" + lastLine(out) + "): the cross-check of the float64 "
                        + "reference against an independent implementation needs it; " + install);
            }
            return lastLine(out);
        } catch (IOException e) {
            return fail("cannot run " + PYTHON + " (" + e.getMessage() + "): the cross-check of the float64 reference needs "
                    + "Python 3 with PyTorch; " + install);
        }
    }

    private static String lastLine(String s) {
        String[] lines = s.split("\n");
        return lines[lines.length - 1];
    }

    private static void runScript() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON, SCRIPT.toString(), DIR.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            fail(SCRIPT + " failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + "):\n" + out);
        }
    }

    /**
     * One of PyTorch's results: every {@code stride}-th element of the tensor (all of a small one) and the largest
     * magnitude of the whole tensor.
     */
    private record Result(double[] values, int stride, double absMax) {
    }

    private static Map<String, Map<String, Result>> readResults() throws IOException {
        JsonObject root = JsonParser.parseString(Files.readString(DIR.resolve("results.json"), StandardCharsets.UTF_8)).getAsJsonObject();
        ByteBuffer blob = ByteBuffer.wrap(Files.readAllBytes(DIR.resolve("results.f64"))).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Map<String, Result>> out = new LinkedHashMap<>();
        for (JsonElement c : root.getAsJsonArray("cases")) {
            JsonObject co = c.getAsJsonObject();
            Map<String, Result> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : co.getAsJsonObject("outputs").entrySet()) {
                JsonObject r = e.getValue().getAsJsonObject();
                long offset = r.get("offset").getAsLong();
                int n = 1;
                for (JsonElement d : r.getAsJsonArray("shape")) {
                    n *= d.getAsInt();
                }
                int stride = r.has("stride") ? r.get("stride").getAsInt() : 1;
                double[] v = new double[(n + stride - 1) / stride];
                for (int i = 0; i < v.length; i++) {
                    v[i] = blob.getDouble(Math.toIntExact((offset + i) * Double.BYTES));
                }
                tensors.put(e.getKey(), new Result(v, stride, r.has("absmax") ? r.get("absmax").getAsDouble() : maxAbs(v)));
            }
            out.put(co.get("id").getAsString(), tensors);
        }
        return out;
    }
}
