package io.github.resnetspi.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.BackendUnavailableException;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.DeviceRequest;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.StepObserver;
import io.github.resnetspi.api.graph.AvgPool2d;
import io.github.resnetspi.api.graph.BatchNorm2d;
import io.github.resnetspi.api.graph.Conv2d;
import io.github.resnetspi.api.graph.MaxPool2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.NetworkBuilder;
import io.github.resnetspi.api.graph.Padding;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.LrSchedule;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.Sgd;
import io.github.resnetspi.api.train.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Focused checks of the DJL backends against values computed by hand, for the semantics the engines get wrong by
 * default (asymmetric padding, max-pool padding, average-pool divisors, batch-norm running statistics, the SGD form,
 * gradient accumulation) and for memory and lifecycle. Each engine module runs them through a one-line subclass.
 */
public abstract class DjlEngineChecks {
    private static final double TOL = 1e-5;

    protected abstract Backend provider();

    private static FloatTensor t(Shape s, float... v) {
        return FloatTensor.of(s, v);
    }

    private static void assertValues(FloatTensor actual, double... expected) {
        assertThat(actual.size()).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual.get(i)).as("value %d of %s", i, actual).isCloseTo(expected[i], within(TOL));
        }
    }

    private static Network single(String name, io.github.resnetspi.api.graph.Op op, int h, int w) {
        NetworkBuilder b = Network.builder(name, 1, h, w);
        return b.build(b.node("op", op, Network.INPUT));
    }

    @Test
    @DisplayName("asymmetric conv padding pads top/left and bottom/right by different amounts with zeros")
    void asymmetricConvolution() {
        // input 2x2 [[1,2],[3,4]]; pad top 0, bottom 1, left 1, right 0; 2x2 kernel [[1,10],[100,1000]], stride 1.
        Network net = single("conv", new Conv2d(1, 2, 2, 1, 1, new Padding(0, 1, 1, 0), false), 2, 2);
        try (Model m = provider().compile(net, CompileOptions.defaults())) {
            m.importState(NamedTensors.of(Map.of("op.weight", t(Shape.of(1, 1, 2, 2), 1, 10, 100, 1000))));
            FloatTensor y = m.forward(t(Shape.of(1, 1, 2, 2), 1, 2, 3, 4), Mode.EVAL);
            // padded rows: [0,1,2],[0,3,4],[0,0,0]
            assertThat(y.shape()).isEqualTo(Shape.of(1, 1, 2, 2));
            assertValues(y, 10 + 3000, 1 + 20 + 300 + 4000, 30, 3 + 40);
        }
    }

    @Test
    @DisplayName("max-pool padding never wins, symmetric or asymmetric, even when every input is negative")
    void maxPoolPaddingNeverWins() {
        FloatTensor x = t(Shape.of(1, 1, 2, 2), -4, -3, -2, -1);
        Network sym = single("mp", MaxPool2d.square(3, 1, Padding.symmetric(1)), 2, 2);
        Network asym = single("mp", new MaxPool2d(2, 2, 1, 1, new Padding(1, 0, 0, 1)), 2, 2);
        try (Model m = provider().compile(sym, CompileOptions.defaults())) {
            assertValues(m.forward(x, Mode.EVAL), -1, -1, -1, -1);
        }
        try (Model m = provider().compile(asym, CompileOptions.defaults())) {
            // padded: [[p,p,p],[-4,-3,p],[-2,-1,p]] -> windows 2x2 stride 1
            assertValues(m.forward(x, Mode.EVAL), -3, -3, -1, -1);
        }
    }

    @Test
    @DisplayName("avg-pool divides by the kernel area with count_include_pad and by the input cells without")
    void avgPoolDivisors() {
        FloatTensor x = t(Shape.of(1, 1, 2, 2), 1, 2, 3, 4);
        Padding pad = new Padding(1, 0, 1, 0);
        try (Model m = provider().compile(single("ap", new AvgPool2d(2, 2, 1, 1, pad, true), 2, 2), CompileOptions.defaults())) {
            assertValues(m.forward(x, Mode.EVAL), 1 / 4.0, 3 / 4.0, 4 / 4.0, 10 / 4.0);
        }
        try (Model m = provider().compile(single("ap", new AvgPool2d(2, 2, 1, 1, pad, false), 2, 2), CompileOptions.defaults())) {
            assertValues(m.forward(x, Mode.EVAL), 1, 3 / 2.0, 4 / 2.0, 10 / 4.0);
        }
        try (Model m = provider().compile(single("ap", AvgPool2d.square(3, 1, Padding.symmetric(1), false), 2, 2),
                CompileOptions.defaults())) {
            assertValues(m.forward(x, Mode.EVAL), 2.5, 2.5, 2.5, 2.5);
        }
    }

    @Test
    @DisplayName("train-mode forward normalises with the biased batch variance and updates running stats PyTorch-style")
    void batchNormRunningStatistics() {
        Network net = single("bn", new BatchNorm2d(1e-5, 0.1), 1, 2);
        float[] v = {1, 2, 3, 4, 5, 6, 7, 10};
        double mean = 38 / 8.0;
        double biased = 240 / 8.0 - mean * mean;
        double unbiased = biased * 8 / 7;
        try (Model m = provider().compile(net, CompileOptions.defaults())) {
            FloatTensor y = m.forward(t(Shape.of(4, 1, 1, 2), v), Mode.TRAIN);
            double[] expected = new double[8];
            for (int i = 0; i < 8; i++) {
                expected[i] = (v[i] - mean) / Math.sqrt(biased + 1e-5);
            }
            assertValues(y, expected);
            NamedTensors s = m.exportState();
            assertValues(s.get("op.running_mean"), 0.1 * mean);
            assertValues(s.get("op.running_var"), 0.9 + 0.1 * unbiased);
            FloatTensor e = m.forward(t(Shape.of(1, 1, 1, 2), 1, 2), Mode.EVAL);
            double rm = 0.1 * mean;
            double rv = 0.9 + 0.1 * unbiased;
            assertValues(e, (1 - rm) / Math.sqrt(rv + 1e-5), (2 - rm) / Math.sqrt(rv + 1e-5));
            assertValues(m.exportState().get("op.running_mean"), rm);
        }
    }

    @Test
    @DisplayName("a train step counts the BN running-statistics update once, as PyTorch")
    void batchNormUpdatedOncePerStep() {
        NetworkBuilder b = Network.builder("bnstep", 1, 1, 2);
        String x = b.batchNorm("bn", Network.INPUT);
        x = b.flatten("flat", x);
        Network net = b.build(b.dense("fc", x, 2, true));
        try (Model m = provider().compile(net, CompileOptions.defaults())) {
            m.trainStep(t(Shape.of(4, 1, 1, 2), 1, 2, 3, 4, 5, 6, 7, 10), new int[] {0, 1, 0, 1}, 0.1);
            assertValues(m.exportState().get("bn.running_mean"), 0.1 * 38 / 8.0);
        }
    }

    @Test
    @DisplayName("a step observer is told each phase of an observed step, in order, and the step's result is unchanged")
    void stepObserverPhases() {
        NetworkBuilder b = Network.builder("observed", 1, 1, 2);
        Network net = b.build(b.dense("fc", b.flatten("flat", Network.INPUT), 2, true));
        List<StepObserver.Phase> told = new ArrayList<>();
        boolean[] observing = {false};
        StepObserver observer = new StepObserver() {
            @Override
            public boolean observing() {
                return observing[0];
            }

            @Override
            public void phaseEnded(Phase phase) {
                told.add(phase);
            }
        };
        FloatTensor x = t(Shape.of(2, 1, 1, 2), 1, 2, -1, 0.5f);
        int[] labels = {1, 0};
        try (Model plain = provider().compile(net, CompileOptions.defaults());
             Model observed = provider().compile(net, CompileOptions.defaults().withStepObserver(observer))) {
            observed.trainStep(x, labels, 0.1);
            assertThat(told).as("an unobserved step").isEmpty();
            observing[0] = true;
            StepResult r = observed.trainStep(x, labels, 0.1);
            assertThat(told).containsExactly(StepObserver.Phase.values());
            plain.trainStep(x, labels, 0.1);
            StepResult expected = plain.trainStep(x, labels, 0.1);
            assertThat((double) r.loss()).isCloseTo(expected.loss(), within(TOL));
        }
    }

    /**
     * logits = W·x + b on a flattened 1x1x2 input, 2 classes: gradients and the update are computed here by hand. The
     * three settings take the three paths of an update (plain, momentum, momentum with decay; {@link SgdUpdate}
     * folds a different scale into the gradients in each), the rates both ways of scaling the momentum buffer.
     */
    @ParameterizedTest(name = "momentum {0}, weight decay {1}")
    @CsvSource({"0.9, 0.01", "0.9, 0", "0, 0.01"})
    @DisplayName("SGD is PyTorch's form: v = mu*v + g + wd*w, w -= lr*v, with raw gradients and a changing learning rate")
    void sgdPytorchForm(double mu, double wd) {
        NetworkBuilder b = Network.builder("lin", 1, 1, 2);
        Network net = b.build(b.dense("fc", b.flatten("flat", Network.INPUT), 2, true));
        Sgd sgd = new Sgd(0.1, mu, wd, LrSchedule.constant());
        float[] x = {1, 2, -1, 0.5f};
        int[] labels = {1, 0};
        try (Model m = provider().compile(net, CompileOptions.defaults().withOptimizer(sgd))) {
            m.importState(NamedTensors.of(Map.of(
                    "fc.weight", t(Shape.of(2, 2), 0.5f, -0.25f, 0.125f, 1f),
                    "fc.bias", t(Shape.of(2), 0.1f, -0.2f))));
            double[] w = {0.5, -0.25, 0.125, 1};
            double[] bias = {0.1, -0.2};
            double[] vw = new double[4];
            double[] vb = new double[2];
            // a changed rate, and one under SgdUpdate.SCALED_RATE_MIN (the buffer's other path)
            double[] lrs = {0.1, 1e-7, 0.03};
            for (double lr : lrs) {
                double[] gw = new double[4];
                double[] gb = new double[2];
                double loss = 0;
                for (int n = 0; n < 2; n++) {
                    double z0 = w[0] * x[2 * n] + w[1] * x[2 * n + 1] + bias[0];
                    double z1 = w[2] * x[2 * n] + w[3] * x[2 * n + 1] + bias[1];
                    double mx = Math.max(z0, z1);
                    double lse = mx + Math.log(Math.exp(z0 - mx) + Math.exp(z1 - mx));
                    loss += (lse - (labels[n] == 0 ? z0 : z1)) / 2;
                    double[] dz = {(Math.exp(z0 - lse) - (labels[n] == 0 ? 1 : 0)) / 2, (Math.exp(z1 - lse) - (labels[n] == 1 ? 1 : 0)) / 2};
                    for (int k = 0; k < 2; k++) {
                        gw[2 * k] += dz[k] * x[2 * n];
                        gw[2 * k + 1] += dz[k] * x[2 * n + 1];
                        gb[k] += dz[k];
                    }
                }
                double reported = m.trainStep(t(Shape.of(2, 1, 1, 2), x), labels, lr).loss();
                assertThat(reported).isCloseTo(loss, within(TOL));
                NamedTensors g = m.gradients();
                assertValues(g.get("fc.weight"), gw);
                assertValues(g.get("fc.bias"), gb);
                for (int i = 0; i < 4; i++) {
                    vw[i] = mu * vw[i] + gw[i] + wd * w[i];
                    w[i] -= lr * vw[i];
                }
                for (int i = 0; i < 2; i++) {
                    vb[i] = mu * vb[i] + gb[i] + wd * bias[i];
                    bias[i] -= lr * vb[i];
                }
                NamedTensors s = m.exportState();
                assertValues(s.get("fc.weight"), w);
                assertValues(s.get("fc.bias"), bias);
                if (mu > 0) {
                    assertValues(s.get("fc.weight.momentum_buffer"), vw);
                    assertValues(s.get("fc.bias.momentum_buffer"), vb);
                }
            }
        }
    }

    /**
     * With a zero input the weights' gradient is exactly 0, so after one step from a zero buffer the weights' momentum
     * buffer is {@code wd·w} alone: visible at any weight decay, on both sides of {@link SgdUpdate#SCALED_DECAY_MIN}.
     */
    @ParameterizedTest(name = "weight decay {0}")
    @ValueSource(doubles = {5e-7, 0.01})
    @DisplayName("with momentum, weight decay enters the momentum buffer as wd*w, however small it is")
    void weightDecayInBuffer(double wd) {
        NetworkBuilder b = Network.builder("lin", 1, 1, 2);
        Network net = b.build(b.dense("fc", b.flatten("flat", Network.INPUT), 2, true));
        float[] w = {0.5f, -0.25f, 0.125f, 1f};
        try (Model m = provider().compile(net, CompileOptions.defaults().withMomentum(0.9).withWeightDecay(wd))) {
            m.importState(NamedTensors.of(Map.of("fc.weight", t(Shape.of(2, 2), w), "fc.bias", t(Shape.of(2), 0.1f, -0.2f))));
            m.trainStep(t(Shape.of(2, 1, 1, 2), 0, 0, 0, 0), new int[] {1, 0}, 0.1);
            FloatTensor v = m.exportState().get("fc.weight.momentum_buffer");
            for (int i = 0; i < w.length; i++) {
                assertThat((double) v.get(i)).as("buffer value %d", i).isCloseTo(wd * w[i], within(1e-5 * wd * Math.abs(w[i])));
            }
        }
    }

    @Test
    @DisplayName("training steps do not grow resident memory (every step's temporaries are released)")
    void noNativeGrowth() throws Exception {
        Network net = Presets.build("resnet-tiny");
        FloatTensor images = FloatTensor.filled(net.inputShape().withBatch(8), 0.5f);
        int[] labels = {0, 1, 2, 3, 4, 5, 6, 7};
        try (Model m = provider().compile(net, CompileOptions.defaults())) {
            for (int i = 0; i < 20; i++) {
                m.trainStep(images, labels, 0.01);
                m.forwardAll(images, Mode.EVAL);
            }
            long before = rssKb();
            for (int i = 0; i < 80; i++) {
                m.trainStep(images, labels, 0.01);
                m.forwardAll(images, Mode.EVAL);
            }
            long growthKb = rssKb() - before;
            // one step's activations and autograd graph are ~1.5 MiB: a leak of them would add ~120 MiB here
            assertThat(growthKb).as("RSS growth over 80 steps, KiB").isLessThan(24 * 1024);
        }
    }

    /** RSS after a GC, so that direct buffers the engines' copies left for the GC's cleaner are not counted. */
    private static long rssKb() throws Exception {
        System.gc();
        Thread.sleep(200);
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    @DisplayName("natives that cannot be copied into DJL's cache report the root cause and the cache directory, not the class path (issue 13, item 10)")
    void unwritableCache() throws Exception {
        Path notADirectory = Files.createTempFile("djl-cache", ".file");
        try {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), PrintBackendProblem.class.getName(),
                    provider().getClass().getName()).redirectErrorStream(true);
            pb.environment().remove("ENGINE_CACHE_DIR");
            pb.environment().put("DJL_CACHE_DIR", notADirectory.resolve("cache").toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            String problem = out.lines().filter(l -> l.startsWith("problem: ")).findFirst().orElseThrow();
            assertThat(problem).contains("cannot load DJL's").contains(notADirectory.resolve("cache") + ": Not a directory")
                    .contains(DjlRuntime.CACHE_HINT).doesNotContain("null").doesNotContain("on the classpath");
        } finally {
            Files.delete(notADirectory);
        }
    }

    @Test
    @DisplayName("close() is idempotent and any later use fails with IllegalStateException")
    void closeReleases() {
        Network net = Presets.build("resnet-tiny");
        Model m = provider().compile(net, CompileOptions.defaults());
        m.close();
        m.close();
        assertThatThrownBy(m::exportState).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    @DisplayName("a GPU request on an engine without CUDA fails with a message saying what to install; with CUDA it runs there")
    void gpuRequestWithoutCuda() {
        Network net = Presets.build("resnet-tiny");
        if (provider().info().devices().stream().anyMatch(d -> d.isGpu())) {
            try (Model m = provider().compile(net, CompileOptions.defaults().withDevice(DeviceRequest.parse("gpu:0")))) {
                assertThat(m.device().isGpu()).isTrue();
            }
            return;
        }
        assertThatThrownBy(() -> provider().compile(net, CompileOptions.defaults().withDevice(DeviceRequest.parse("gpu:0"))))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("CUDA");
        try (Model m = provider().compile(net, CompileOptions.defaults().withDevice(DeviceRequest.AUTO))) {
            assertThat(m.device().isGpu()).isFalse();
        }
    }

    @Test
    @DisplayName("info() reports the engine as available; Backends selects this backend when it is the only engine")
    void infoAndSelection() {
        assertThat(provider().info().available()).as(provider().info().problem()).isTrue();
        assertThat(Backends.discover().find(provider().name())).isPresent();
        assertThat(Backends.discover().providers().stream().filter(p -> !p.name().equals("reference")))
                .extracting(Backend::name).containsExactly(provider().name());
        assertThat(Backends.discover().selected().name()).isEqualTo(provider().name());
    }
}
