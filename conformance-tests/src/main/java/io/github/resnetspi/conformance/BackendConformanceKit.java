package io.github.resnetspi.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.BackendSelectionException;
import io.github.resnetspi.api.BackendUnavailableException;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.Capabilities;
import io.github.resnetspi.api.Capability;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.DeviceRequest;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.api.Role;
import io.github.resnetspi.api.StateLayout;
import io.github.resnetspi.api.UnsupportedCapabilityException;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.NetworkBuilder;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.presets.PresetOptions;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.api.spi.Yardstick;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.Sgd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.runner.RunWith;

/**
 * The conformance kit. A backend module runs it with one small test class:
 * <pre>{@code
 * class XConformanceTest extends BackendConformanceKit {
 *     protected Backend provider() { return new XProvider(); }
 * }
 * }</pre>
 * The checks are grouped by concern in {@link Nested} classes, each {@link DisplayName} stating its contract:
 * discovery, shapes, forward, training, state and input. Every numeric check compares the backend with the
 * yardstick, the float64 reference backend, found on the class path by its {@link Role#YARDSTICK role} (never with
 * another backend), feeding both the same imported state and inputs ({@link KitCases}), within the float32
 * {@link Tolerances tolerances} of the check. A check that needs a capability the backend declares
 * {@link Backend#unsupported() unsupported} asserts that the backend refuses it with an
 * {@link UnsupportedCapabilityException} and is reported as "unsupported"; it never skips. A backend without
 * {@link Capability#TRAINING} (inference only) is held to the same rule: the checks that train are reported
 * unsupported once the refusal is asserted, and the forward and state checks compare the eval-mode part, assert that
 * the train-mode part is refused and pass with a note saying so. Each run writes a report
 * ({@link ConformanceReport}) to {@code target/conformance/<backend>.{json,md}}; a check's id is its method name,
 * with the case in brackets for parameterized checks (e.g. {@code forwardOp[batchnorm]}), unique across the groups.
 *
 * <p>Hooks, all optional but {@link #provider()}: {@link #device()}, {@link #reportDirectory()} and
 * {@link #expectSoleProvider()}.
 *
 * <p>It runs on the JUnit Platform only (Maven Surefire 2.22 or later; pin 3.x). A JUnit 4-only test run (Surefire
 * 2.12.4, Maven 3.8's default) reports one failure saying so, through the inherited {@link RequiresJUnitPlatform}
 * runner, instead of running no check and reporting success.
 */
@RunWith(RequiresJUnitPlatform.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
@ExtendWith(ReportExtension.class)
public abstract class BackendConformanceKit {
    /**
     * Set to {@code true} when the kit runs with other backends on the class path too (the CLI's conformance
     * command): discovery then checks that this provider is found once, instead of being the only one.
     */
    public static final String SHARED_CLASSPATH_PROPERTY = "resnetspi.conformance.sharedClasspath";

    /** Device the kit compiles on unless a subclass overrides {@link #device()}: {@code cpu} (default), {@code gpu}, {@code gpu:N}. */
    public static final String DEVICE_PROPERTY = "resnetspi.conformance.device";

    private Backend backend;
    private Yardstick yardstick;

    /** For subclasses: a backend module's one test class. */
    protected BackendConformanceKit() {
    }

    /**
     * The backend under test. Called once per kit run.
     *
     * @return a new provider of the backend
     */
    protected abstract Backend provider();

    /**
     * The device to compile on.
     *
     * @return {@value #DEVICE_PROPERTY} if set, else the CPU
     */
    protected DeviceRequest device() {
        return DeviceRequest.parse(System.getProperty(DEVICE_PROPERTY, "cpu"));
    }

    /**
     * Where the report goes.
     *
     * @return {@value ConformanceReport#OUT_PROPERTY}, default {@code target/conformance}
     */
    protected Path reportDirectory() {
        return ConformanceReport.outputDirectory();
    }

    /**
     * Whether discovery must find this provider alone (beside the kit's own reference).
     *
     * @return true in a backend module's tests; false when other backends share the class path
     *         ({@value #SHARED_CLASSPATH_PROPERTY}, or the {@link ConformanceRunner})
     */
    protected boolean expectSoleProvider() {
        return !Boolean.getBoolean(SHARED_CLASSPATH_PROPERTY);
    }

    /**
     * The backend the expected answers come from: the one on the class path that declares {@link Role#YARDSTICK}
     * (the float64 reference, {@code io.github.resnetspi:resnet-spi-backend-reference}, a test dependency of every
     * backend module). Fails the check that needs it, saying what to add, when there is none.
     */
    final Yardstick reference() {
        if (yardstick == null) {
            Backend found = Backends.discover().withRole(Role.YARDSTICK).orElse(null);
            if (found == null) {
                fail("the conformance kit takes its expected answers from the backend of role " + Role.YARDSTICK
                        + " and found none on the class path: add io.github.resnetspi:resnet-spi-backend-reference"
                        + " (the float64 reference) as a test dependency");
            }
            if (!(found instanceof Yardstick y)) {
                fail("backend '" + found.name() + "' declares role " + Role.YARDSTICK + " but does not implement "
                        + Yardstick.class.getName() + ", which the kit needs of its yardstick");
                return null;
            }
            yardstick = y;
        }
        return yardstick;
    }

    /** The provider under test (cached). */
    final Backend backendProvider() {
        if (backend == null) {
            backend = provider();
            assertNotNull(backend, "provider() returned null");
        }
        return backend;
    }

    // ================================================================== discovery and info

    @Nested
    @Order(1)
    @DisplayName("discovery")
    @TestMethodOrder(MethodOrderer.MethodName.class)
    class Discovery {
        @Test
        @DisplayName("ServiceLoader finds exactly this provider (once; in a backend module, beside only the kit's reference)")
        void discoveryServiceLoader() {
            List<Backend> found = new ArrayList<>();
            ServiceLoader.load(BackendProvider.class, Thread.currentThread().getContextClassLoader()).forEach(found::add);
            List<String> names = found.stream().map(Backend::name).toList();
            String me = backendProvider().name();
            assertEquals(1, names.stream().filter(me::equals).count(),
                    "ServiceLoader should find provider '" + me + "' exactly once; found " + names
                            + " (register it with @AutoService(BackendProvider.class))");
            Backend mine = found.stream().filter(p -> p.name().equals(me)).findFirst().orElseThrow();
            assertEquals(backendProvider().getClass(), mine.getClass(), "the registered provider named '" + me + "' is another class");
            if (expectSoleProvider()) {
                assertEquals(List.of(me), withoutReference(names), "with only this backend module (and the kit, which brings the"
                        + " float64 reference) on the test class path, ServiceLoader must find exactly its provider");
            }
        }

        @Test
        @DisplayName("Backends.discover() finds this provider by name, it loads without errors, it ranks before the "
                + "reference and is selected by name")
        void discoveryBackends() {
            Backends found = Backends.discover();
            String me = backendProvider().name();
            assertEquals(List.of(), found.loadErrors(), "providers that failed to load");
            assertEquals(backendProvider().getClass(), found.get(me).getClass());
            assertEquals(me, Backends.of(found.providers(), Map.of(Backends.PROPERTY, me)::get, k -> null).selected().name(),
                    "-D" + Backends.PROPERTY + "=" + me + " must select this backend");
            Yardstick reference = reference();
            if (!me.equals(reference.name())) {
                assertTrue(backendProvider().rank() < reference.rank(), "backend '" + me + "' declares rank "
                        + backendProvider().rank() + ": it must rank before the float64 reference (" + reference.rank()
                        + "), or an application with the reference on its class path would train on the reference");
            }
            if (expectSoleProvider()) {
                assertEquals(List.of(me), withoutReference(found.providers().stream().map(Backend::name).toList()));
                String named = System.getProperty(Backends.PROPERTY);
                if (named == null || named.isBlank() || named.equals(me)) {
                    assertEquals(me, found.selected().name(), "the only engine backend on the class path must be selected");
                }
            }
        }

        private List<String> withoutReference(List<String> names) {
            String me = backendProvider().name();
            String reference = reference().name();
            return names.stream().filter(n -> n.equals(me) || !n.equals(reference)).toList();
        }

        @Test
        @DisplayName("an unknown backend name fails with a message naming it and listing what was found")
        void discoveryUnknownName() {
            BackendSelectionException e = assertThrows(BackendSelectionException.class,
                    () -> Backends.discover().get("no-such-backend"));
            assertTrue(e.getMessage().contains("no-such-backend"), e.getMessage());
            assertTrue(e.getMessage().contains("Found: ") && e.getMessage().contains(backendProvider().name()),
                    "the message should list the backends found: " + e.getMessage());
        }

        @Test
        @DisplayName("the backend reports itself available on the CPU under its lower-case name")
        void discoveryInfo() {
            Backend p = backendProvider();
            assertEquals(p.name().toLowerCase(Locale.ROOT), p.name(), "backend names are lower-case");
            BackendInfo info = p.info();
            assertEquals(p.name(), info.backend());
            assertTrue(info.available(), "backend '" + p.name() + "' is not available: " + info.problem());
            assertTrue(info.engine() != null && !info.engine().isBlank(), "engine name missing");
            assertTrue(info.devices().contains(Device.CPU), "devices " + info.devices() + " should include the CPU");
            p.unsupported().forEach((cap, reason) -> assertTrue(reason != null && !reason.isBlank(),
                    "unsupported capability " + cap + " needs a reason a user can read"));
            p.unsupportedByDesign().forEach((cap, reason) -> assertEquals(reason, p.unsupported().get(cap),
                    "capability " + cap + " is unsupported by design, so unsupported() must declare it with the same reason"));
        }

        @Test
        @DisplayName("compiling for the requested device runs there; a GPU it cannot serve fails with a clear error")
        void discoveryDevice() {
            Network net = OpCase.get("relu").network();
            try (Model m = backendProvider().compile(net, options(0, 0, 0))) {
                if (device().kind() == DeviceRequest.Kind.CPU) {
                    assertEquals(Device.CPU, m.device());
                }
            }
            boolean seesGpu = backendProvider().info().devices().stream().anyMatch(Device::isGpu);
            if (!seesGpu) {
                CompileOptions gpu = options(0, 0, 0).withDevice(DeviceRequest.gpu(0));
                ResnetSpiException e = assertThrows(ResnetSpiException.class, () -> backendProvider().compile(net, gpu).close(),
                        "compiling for gpu:0 on a backend that sees no GPU must fail");
                assertTrue(e instanceof BackendUnavailableException || e instanceof UnsupportedCapabilityException,
                        "expected BackendUnavailableException or UnsupportedCapabilityException, got " + e);
                assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("gpu"), "message should mention the GPU: " + e.getMessage());
            }
        }
    }

    // ================================================================== shapes

    @Nested
    @Order(2)
    @DisplayName("shapes")
    @TestMethodOrder(MethodOrderer.MethodName.class)
    class Shapes {
        @ParameterizedTest(name = "{0}")
        @MethodSource("io.github.resnetspi.conformance.KitCases#shapeCases")
        @DisplayName("every node's output shape equals the API's inference")
        void shapesPreset(String shapeCase) {
            String[] parts = shapeCase.split("/");
            assertNodeShapes(KitCases.presetAt(parts[0]), Integer.parseInt(parts[1]));
        }

        @Test
        @DisplayName("d2l ResNet-18 at 1x224x224 prints the d2l chapter's block shapes")
        void shapesD2lSeed() {
            Network net = Presets.build("d2l-resnet18", new PresetOptions(1, 224, 224, 10));
            Map<String, Shape> seed = new LinkedHashMap<>();
            seed.put("stem", Shape.of(1, 64, 56, 56));
            seed.put("stage1", Shape.of(1, 64, 56, 56));
            seed.put("stage2", Shape.of(1, 128, 28, 28));
            seed.put("stage3", Shape.of(1, 256, 14, 14));
            seed.put("stage4", Shape.of(1, 512, 7, 7));
            seed.put("gap", Shape.of(1, 512, 1, 1));
            seed.put("flatten", Shape.of(1, 512));
            seed.put("fc", Shape.of(1, 10));
            assertSeedShapes(net, seed);
        }

        @Test
        @DisplayName("the Gluon CIFAR-10 ResNet-18 at 3x224x224 prints the notebook's layer shapes")
        void shapesGluonSeed() {
            Network net = Presets.build("gluon-resnet18-cifar10");
            Map<String, Shape> seed = new LinkedHashMap<>();
            seed.put("stem", Shape.of(1, 64, 56, 56));
            seed.put("stage1", Shape.of(1, 64, 56, 56));
            seed.put("stage2", Shape.of(1, 128, 28, 28));
            seed.put("stage3", Shape.of(1, 256, 14, 14));
            seed.put("stage4", Shape.of(1, 512, 7, 7));
            seed.put("head", Shape.of(1, 10));
            assertEquals(Shape.of(1, 64, 112, 112), net.shapes(1).get("stem.conv"), "gluon stem conv");
            assertSeedShapes(net, seed);
        }

        private void assertSeedShapes(Network net, Map<String, Shape> seed) {
            Map<String, Shape> blocks = new LinkedHashMap<>();
            net.blockOutputs().forEach(n -> blocks.put(n.block(), n.outputShape().withBatch(1)));
            assertEquals(seed, blocks, "the API's inference differs from the seed's printed shapes");
            assertNodeShapes(net, 1);
        }

        private void assertNodeShapes(Network net, int batch) {
            Map<String, Shape> want = net.shapes(batch);
            want.remove(Network.INPUT);
            FloatTensor x = TestData.images(net, batch, 3);
            try (Model m = compileOrRefuse(net, options(0, 0, 0))) {
                if (m == null) {
                    return;
                }
                if (refusesEveryNodeOutput(m, x)) {
                    assertEquals(want.get(net.output()), m.forward(x, Mode.EVAL).shape());
                    return;
                }
                NamedTensors all = m.forwardAll(x, Mode.EVAL);
                assertEquals(new ArrayList<>(want.keySet()), new ArrayList<>(all.names()), "every node's output, in node order");
                Map<String, Shape> got = new LinkedHashMap<>();
                all.asMap().forEach((k, v) -> got.put(k, v.shape()));
                assertEquals(want, got);
                for (FloatTensor t : all.asMap().values()) {
                    for (int i = 0; i < t.size(); i++) {
                        assertTrue(Float.isFinite(t.get(i)), "non-finite output value");
                    }
                }
            }
        }
    }

    // ================================================================== forward numerics

    @Nested
    @Order(3)
    @DisplayName("forward")
    @TestMethodOrder(MethodOrderer.MethodName.class)
    class Forward {
        @ParameterizedTest(name = "{0}")
        @MethodSource("io.github.resnetspi.conformance.KitCases#opCases")
        @DisplayName("per op: train and eval outputs (and BN running statistics) match the float64 reference")
        void forwardOp(String caseId) {
            compareForward(KitCases.forwardOp(caseId));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.github.resnetspi.conformance.KitCases#presetForwardCases")
        @DisplayName("per preset: logits in train and eval mode and running statistics match the float64 reference")
        void forwardPreset(String presetCase) {
            compareForward(KitCases.forwardPreset(presetCase));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.github.resnetspi.conformance.KitCases#cornerCases")
        @DisplayName("property: on small shapes drawn from a seed (batch 1, C×1×W and C×H×1 maps, padding on one axis or "
                + "one side only, or on four sides unequally) every op with padding, flatten and batch norm give the "
                + "reference's train and eval outputs and running statistics")
        void forwardCorner(String caseId) {
            compareForward(KitCases.forwardCorner(caseId), CornerCase.get(caseId).description() + ": ");
        }

        private void compareForward(KitCases.ForwardCase fc) {
            compareForward(fc, "");
        }

        private void compareForward(KitCases.ForwardCase fc, String context) {
            Network net = fc.network();
            CompileOptions o = options(1, 0, 0);
            try (Model m = compileOrRefuse(net, o); Model r = reference().compile(net, o)) {
                if (m == null) {
                    return;
                }
                m.importState(fc.state());
                r.importState(fc.state());
                Compare.assertClose(context + Mode.EVAL + " output '" + net.output() + "'", m.forward(fc.images(), Mode.EVAL),
                        r.forward(fc.images(), Mode.EVAL), fc.tolerance());
                if (refusesTrainMode(m, fc.images())) {
                    return;
                }
                Compare.assertClose(context + Mode.TRAIN + " output '" + net.output() + "'", m.forward(fc.images(), Mode.TRAIN),
                        r.forward(fc.images(), Mode.TRAIN), fc.tolerance());
                NamedTensors stats = runningStatistics(r.exportState());
                if (stats.size() > 0) {
                    Compare.assertAllClose(context + "running statistics after one train forward",
                            m.exportState().filter(stats::contains), stats, fc.statisticsTolerance());
                }
            }
        }

        @Test
        @DisplayName("running statistics after 32 train-mode passes (batches of 1 to 4; ε and momentum not the defaults), "
                + "and the eval output that normalises with them, match the reference")
        void forwardRunningStatistics() {
            Network net = KitCases.runningStatisticsNetwork();
            CompileOptions o = options(1, 0, 0);
            try (Model m = compileOrRefuse(net, o); Model r = reference().compile(net, o)) {
                if (m == null) {
                    return;
                }
                if (refusesTraining(() -> m.forward(KitCases.runningStatisticsBatch(net, 0), Mode.TRAIN))) {
                    return;
                }
                NamedTensors start = TestData.randomState(net, KitCases.FORWARD_STATE_SEED)
                        .with(TestData.dataScaleStatistics(net, KitCases.FORWARD_STATE_SEED));
                m.importState(start);
                r.importState(start);
                for (int pass = 0; pass < KitCases.RUNNING_STATISTICS_PASSES; pass++) {
                    FloatTensor x = KitCases.runningStatisticsBatch(net, pass);
                    m.forward(x, Mode.TRAIN);
                    r.forward(x, Mode.TRAIN);
                }
                // the eval output first: it reads a small channel's running variance at its own scale, where an error of
                // ε per update shows, while the running variances are compared at the scale of the largest channel
                FloatTensor x = KitCases.runningStatisticsBatch(net, KitCases.RUNNING_STATISTICS_PASSES);
                String after = "after " + KitCases.RUNNING_STATISTICS_PASSES + " train-mode passes: ";
                Compare.assertClose(after + "EVAL output '" + net.output() + "'", m.forward(x, Mode.EVAL), r.forward(x, Mode.EVAL),
                        Tolerances.forward(net));
                NamedTensors stats = runningStatistics(r.exportState());
                Compare.assertAllClose(after + "running statistics", m.exportState().filter(stats::contains), stats,
                        Tolerances.RUNNING_STATS);
            }
        }
    }

    // ================================================================== gradients and SGD steps

    @Nested
    @Order(4)
    @DisplayName("training")
    @TestMethodOrder(MethodOrderer.MethodName.class)
    class Training {
        @ParameterizedTest(name = "{0}")
        @MethodSource("io.github.resnetspi.conformance.KitCases#stepCases")
        @DisplayName("steps: loss, logits, gradients, parameter updates, running statistics and momentum buffers "
                + "after two SGD steps (momentum 0.9, weight decay, learning rate changed between steps) match the reference")
        void trainingTwoSteps(String stepCase) {
            KitCases.StepCase sc = KitCases.step(stepCase);
            Network net = sc.network();
            CompileOptions o = options(3, KitCases.STEP_MOMENTUM, sc.weightDecay());
            try (Model m = compileOrRefuse(net, o)) {
                if (m == null || refusesTraining(() -> m.trainStep(sc.images1(), sc.labels1(), KitCases.STEP_LR_1))) {
                    return;
                }
                m.importState(sc.state());
                if (sc.deep()) {
                    if (refusesEveryNodeOutput(m, sc.images1())) {
                        return;
                    }
                    NamedTensors before = sc.state();
                    before = deepStep(net, o, m, before, sc.images1(), sc.labels1(), KitCases.STEP_LR_1, "step 1");
                    // step 2 starts from the reference's state after step 1 (parameters, running statistics, momentum
                    // buffers, imported into both), so that step 1's float32 differences do not compound
                    m.importState(before);
                    deepStep(net, o, m, before, sc.images2(), sc.labels2(), KitCases.STEP_LR_2, "step 2");
                    return;
                }
                try (Model r = reference().compile(net, o)) {
                    r.importState(sc.state());
                    StepComparison.compare(net, m, r, sc.images1(), sc.labels1(), KitCases.STEP_LR_1, "step 1", false);
                    // a different rate in step 2 separates PyTorch's v = μv + g from MXNet/Keras' v = μv − lr·g
                    StepComparison.compare(net, m, r, sc.images2(), sc.labels2(), KitCases.STEP_LR_2, "step 2", false);
                }
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.github.resnetspi.conformance.KitCases#plainSgdCases")
        @DisplayName("steps without momentum: two plain SGD steps (weight decay, learning rate changed between steps) "
                + "match the reference, gradients before weight decay included")
        void trainingPlainSgd(String stepCase) {
            KitCases.StepCase sc = KitCases.step(stepCase);
            Network net = sc.network();
            CompileOptions o = options(3, 0, sc.weightDecay());
            NamedTensors state = sc.state().filter(n -> !StateLayout.isMomentumBuffer(n));
            try (Model m = compileOrRefuse(net, o); Model r = reference().compile(net, o)) {
                if (m == null || refusesTraining(() -> m.trainStep(sc.images1(), sc.labels1(), KitCases.STEP_LR_1))) {
                    return;
                }
                m.importState(state);
                r.importState(state);
                StepComparison.compare(net, m, r, sc.images1(), sc.labels1(), KitCases.STEP_LR_1, "step 1", false);
                StepComparison.compare(net, m, r, sc.images2(), sc.labels2(), KitCases.STEP_LR_2, "step 2", false);
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.github.resnetspi.conformance.KitCases#cornerCases")
        @DisplayName("property: the drawn small shapes with a dense head (batch 1 included): two SGD steps, plain SGD and "
                + "momentum in turn, with weight decay and the learning rate changed between steps, match the reference")
        void trainingCorner(String caseId) {
            CornerCase cc = CornerCase.get(caseId);
            KitCases.StepCase sc = KitCases.cornerStep(caseId);
            Network net = sc.network();
            CompileOptions o = options(3, cc.momentum(), sc.weightDecay());
            try (Model m = compileOrRefuse(net, o); Model r = reference().compile(net, o)) {
                if (m == null || refusesTraining(() -> m.trainStep(sc.images1(), sc.labels1(), KitCases.CORNER_LR_1))) {
                    return;
                }
                m.importState(sc.state());
                r.importState(sc.state());
                String context = cc.description() + (cc.momentum() == 0 ? ", plain SGD: " : ", momentum " + cc.momentum() + ": ");
                StepComparison.compare(net, m, r, sc.images1(), sc.labels1(), KitCases.CORNER_LR_1, context + "step 1", false);
                StepComparison.compare(net, m, r, sc.images2(), sc.labels2(), KitCases.CORNER_LR_2, context + "step 2", false);
            }
        }

        /**
         * One step of a deep preset. float32 rounding puts some ReLU inputs within ~1e-6 of zero on the other side (and
         * may turn a max-pool near-tie), and each such element reroutes part of the gradient; so the reference takes the
         * backend's own decisions, read from a train-mode forward with every node's output on the same batch
         * ({@link Yardstick#compileFollowing}), and what is left to compare is rounding. Returns the reference's
         * state after the step.
         */
        private NamedTensors deepStep(Network net, CompileOptions o, Model m, NamedTensors before, FloatTensor x, int[] labels,
                                      double lr, String step) {
            NamedTensors decisions = m.forwardAll(x, Mode.TRAIN);
            m.importState(before); // that forward moved the running statistics
            try (Model r = reference().compileFollowing(net, o, decisions)) {
                r.importState(before);
                StepComparison.compare(net, m, r, x, labels, lr, step, true);
                return r.exportState();
            }
        }

        @Test
        @DisplayName("equivalence: from the compile seed's initial weights, 20 SGD steps on Fashion-MNIST give the "
                + "reference's losses")
        void trainingLossCurve() {
            Network net = Presets.build("resnet-tiny");
            FashionMnistSubset data = FashionMnistSubset.train();
            // batch 16 at rate 0.02: a realistic start of training that is not so chaotic that float32 noise dominates
            int batch = 16;
            double lr = 0.02;
            CompileOptions o = options(11, 0.9, 5e-4);
            try (Model m = compileOrRefuse(net, o); Model r = reference().compile(net, o)) {
                if (m == null || refusesTraining(() -> m.trainStep(data.images().slice(0, batch),
                        Arrays.copyOfRange(data.labels(), 0, batch), lr))) {
                    return;
                }
                for (int step = 0; step < 20; step++) {
                    FloatTensor x = data.images().slice(step * batch, (step + 1) * batch);
                    int[] l = Arrays.copyOfRange(data.labels(), step * batch, (step + 1) * batch);
                    double got = m.trainStep(x, l, lr).loss();
                    double want = r.trainStep(x, l, lr).loss();
                    Compare.checkScalar("loss of step " + (step + 1), got, want, Tolerances.LOSS_CURVE);
                }
            }
        }

        @Test
        @DisplayName("convergence: resnet-tiny trained on the committed Fashion-MNIST subset reaches the stated test accuracy")
        void trainingConvergence() {
            Network net = Presets.build("resnet-tiny");
            FashionMnistSubset train = FashionMnistSubset.train();
            FashionMnistSubset test = FashionMnistSubset.test();
            Sgd sgd = Convergence.SGD;
            try (Model m = compileOrRefuse(net, options(0, sgd.momentum(), sgd.weightDecay()))) {
                if (m == null || refusesTraining(() -> m.trainStep(train.images().slice(0, 2),
                        Arrays.copyOfRange(train.labels(), 0, 2), sgd.learningRate()))) {
                    return;
                }
                double accuracy = Convergence.trainAndTest(m, train, test);
                // reported as the shortfall below the bar (0 when reached), so that the report's error column reads as elsewhere
                Observations.error(String.format(Locale.ROOT, "test accuracy %.4f (bar %.2f)", accuracy,
                        Tolerances.CONVERGENCE_ACCURACY), Math.max(0, Tolerances.CONVERGENCE_ACCURACY - accuracy), 0.0);
                assertTrue(accuracy >= Tolerances.CONVERGENCE_ACCURACY, String.format(Locale.ROOT,
                        "test accuracy %.4f after %d epochs is below the bar %.2f", accuracy, Convergence.EPOCHS,
                        Tolerances.CONVERGENCE_ACCURACY));
            }
        }
    }

    // ================================================================== state export / import

    @Nested
    @Order(5)
    @DisplayName("state")
    @TestMethodOrder(MethodOrderer.MethodName.class)
    class State {
        private final Network net = Presets.build("resnet-tiny", new PresetOptions(1, 12, 12, 10));

        @Test
        @DisplayName("a freshly compiled model holds exactly StateLayout.initialState(seed), in layout order")
        void stateInitial() {
            try (Model m = backendProvider().compile(net, options(1234, 0.9, 0))) {
                NamedTensors want = StateLayout.of(net, true).initialState(1234);
                NamedTensors got = m.exportState();
                assertEquals(new ArrayList<>(want.names()), new ArrayList<>(got.names()), "export names and order");
                for (String n : want.names()) {
                    assertEquals(want.get(n), got.get(n), "initial value of '" + n + "' differs (bit-exact expected)");
                }
            }
        }

        @Test
        @DisplayName("export/import round-trips exactly (parameters, running statistics, momentum buffers)")
        void stateRoundTrip() {
            NamedTensors state = TestData.randomState(net, 99);
            Map<String, FloatTensor> withMomentum = new LinkedHashMap<>(state.asMap());
            for (ParameterSpec p : net.trainableParameters()) {
                withMomentum.put(StateLayout.momentumName(p.name()), TestData.uniform(p.shape(), -0.1, 0.1, p.name().hashCode()));
            }
            NamedTensors full = NamedTensors.of(withMomentum);
            try (Model a = backendProvider().compile(net, options(1, 0.9, 0)); Model b = backendProvider().compile(net, options(2, 0.9, 0))) {
                a.importState(full);
                NamedTensors exported = a.exportState();
                for (String n : full.names()) {
                    assertEquals(full.get(n), exported.get(n), "'" + n + "' changed in an import/export round trip");
                }
                b.importState(exported);
                assertEquals(exported, b.exportState(), "exporting from one model and importing into another must be exact");
                // a subset import overwrites only the named entries
                String one = net.trainableParameters().get(0).name();
                FloatTensor fresh = TestData.uniform(full.get(one).shape(), -1, 1, 5);
                b.importState(NamedTensors.of(Map.of(one, fresh)));
                NamedTensors after = b.exportState();
                assertEquals(fresh, after.get(one));
                for (String n : full.names()) {
                    if (!n.equals(one)) {
                        assertEquals(exported.get(n), after.get(n), "importing only '" + one + "' changed '" + n + "'");
                    }
                }
                Observations.error("round trip (bit-exact)", 0, Tolerances.ROUND_TRIP);
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.github.resnetspi.conformance.KitCases#runningStatisticsStateCases")
        @DisplayName("imported running means and variances (different everywhere) are used as such in eval mode, export "
                + "unchanged, and after a train-mode pass export as the reference's")
        void stateRunningStatistics(String caseId) {
            KitCases.ForwardCase fc = KitCases.runningStatisticsState(caseId);
            Network net = fc.network();
            CompileOptions o = options(1, 0, 0);
            try (Model m = compileOrRefuse(net, o); Model r = reference().compile(net, o)) {
                if (m == null) {
                    return;
                }
                m.importState(fc.state());
                r.importState(fc.state());
                Compare.assertClose("EVAL output after importing running statistics", m.forward(fc.images(), Mode.EVAL),
                        r.forward(fc.images(), Mode.EVAL), fc.tolerance());
                NamedTensors imported = runningStatistics(fc.state());
                NamedTensors exported = m.exportState();
                for (String n : imported.names()) {
                    assertEquals(imported.get(n), exported.get(n), "'" + n + "' exported after an import differs from what was "
                            + "imported (bit-exact expected)");
                }
                if (refusesTrainMode(m, fc.images())) {
                    return;
                }
                m.forward(fc.images(), Mode.TRAIN);
                r.forward(fc.images(), Mode.TRAIN);
                NamedTensors stats = runningStatistics(r.exportState());
                Compare.assertAllClose("running statistics after a train forward", m.exportState().filter(stats::contains),
                        stats, fc.statisticsTolerance());
            }
        }

        @Test
        @DisplayName("importing a wrong shape or an unknown name fails naming the entry, and changes nothing")
        void stateImportErrors() {
            try (Model m = backendProvider().compile(net, options(1, 0, 0))) {
                NamedTensors before = m.exportState();
                String conv = "stem.conv.weight";
                FloatTensor good = TestData.uniform(before.get(conv).shape(), -1, 1, 3);
                Map<String, FloatTensor> wrongShape = new LinkedHashMap<>();
                wrongShape.put(conv, good);
                wrongShape.put("fc.weight", FloatTensor.zeros(Shape.of(3, 3)));
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.importState(NamedTensors.of(wrongShape)));
                assertTrue(e.getMessage().contains("fc.weight"), "message should name the entry: " + e.getMessage());
                assertEquals(before, m.exportState(), "a failed import must change nothing");

                Map<String, FloatTensor> unknown = new LinkedHashMap<>();
                unknown.put(conv, good);
                unknown.put("stem.conv.wieght", good);
                e = assertThrows(IllegalArgumentException.class, () -> m.importState(NamedTensors.of(unknown)));
                assertTrue(e.getMessage().contains("stem.conv.wieght"), "message should name the entry: " + e.getMessage());
                assertEquals(before, m.exportState(), "a failed import must change nothing");

                e = assertThrows(IllegalArgumentException.class, () -> m.importState(NamedTensors.of(
                        Map.of("stem.conv.weight.momentum_buffer", good))), "no momentum buffers without momentum");
                assertTrue(e.getMessage().contains("stem.conv.weight.momentum_buffer"), e.getMessage());
            }
        }

        @Test
        @DisplayName("gradients() before the first training step, or after an import, fails with IllegalStateException")
        void stateGradientsBeforeStep() {
            try (Model m = backendProvider().compile(net, options(1, 0, 0))) {
                if (refusesTraining(m::gradients)) {
                    return;
                }
                IllegalStateException e = assertThrows(IllegalStateException.class, m::gradients);
                assertFalse(e.getMessage().isBlank());
                FloatTensor x = TestData.images(net, 2, 3);
                m.trainStep(x, new int[] {1, 2}, 0.1);
                m.gradients();
                m.importState(m.exportState());
                assertThrows(IllegalStateException.class, m::gradients, "gradients() after importState");
            }
        }
    }

    // ================================================================== bad input

    @Nested
    @Order(6)
    @DisplayName("input")
    @TestMethodOrder(MethodOrderer.MethodName.class)
    class Input {
        private final Network net = Presets.build("resnet-tiny", new PresetOptions(1, 12, 12, 10));

        @Test
        @DisplayName("wrong rank, channels, size, batch, labels or learning rate fail with IllegalArgumentException")
        void inputValidation() {
            try (Model m = backendProvider().compile(net, options(1, 0, 0))) {
                FloatTensor ok = TestData.images(net, 2, 1);
                int[] labels = {1, 2};
                expectBadInput("rank 3 images", "rank", () -> m.forward(FloatTensor.zeros(Shape.of(2, 12, 12)), Mode.EVAL));
                expectBadInput("3 channels for a 1-channel network", "channel",
                        () -> m.forward(FloatTensor.zeros(Shape.of(2, 3, 12, 12)), Mode.EVAL));
                expectBadInput("13x12 images for a 12x12 network", "12",
                        () -> m.forward(FloatTensor.zeros(Shape.of(2, 1, 13, 12)), Mode.EVAL));
                expectBadInput("a batch of 0", "",
                        () -> m.forward(FloatTensor.zeros(Shape.of(0, 1, 12, 12)), Mode.EVAL));
                expectBadInput("null images", "", () -> m.forward(null, Mode.EVAL));
                expectBadTrainingInput("label 10 of 10 classes", "10", () -> m.trainStep(ok, new int[] {1, 10}, 0.1));
                expectBadTrainingInput("label -1", "-1", () -> m.trainStep(ok, new int[] {-1, 0}, 0.1));
                expectBadTrainingInput("3 labels for 2 images", "3", () -> m.trainStep(ok, new int[] {1, 2, 3}, 0.1));
                expectBadTrainingInput("learning rate 0", "learning rate", () -> m.trainStep(ok, labels, 0));
                expectBadTrainingInput("learning rate NaN", "learning rate", () -> m.trainStep(ok, labels, Double.NaN));
                // the model still works after all that
                assertEquals(Shape.of(2, 10), m.forward(ok, Mode.EVAL).shape());
            }
            // batch norm over a single value per channel has no batch variance
            NetworkBuilder b = Network.builder("bn-on-1x1", 2, 1, 1);
            Network onePixel = b.build(b.batchNorm("bn", Network.INPUT));
            try (Model m = backendProvider().compile(onePixel, options(1, 0, 0))) {
                expectBadTrainingInput("a train-mode forward with one value per BN channel", "batch",
                        () -> m.forward(FloatTensor.zeros(Shape.of(1, 2, 1, 1)), Mode.TRAIN));
            }
        }

        /**
         * Bad input to a training call: an {@link IllegalArgumentException} saying what, or, on a backend without
         * {@link Capability#TRAINING}, its refusal (asserted, and noted on the passing check).
         */
        private void expectBadTrainingInput(String what, String mention, Executable call) {
            if (lacksTraining()) {
                Observations.note("training calls refused as declared: " + assertRefusesTraining(call).getMessage());
            } else {
                expectBadInput(what, mention, call);
            }
        }

        private static void expectBadInput(String what, String mention, Executable call) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call,
                    what + " must fail with an IllegalArgumentException");
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), what + ": empty message");
            assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains(mention.toLowerCase(Locale.ROOT)),
                    what + ": the message should mention '" + mention + "': " + e.getMessage());
        }

        @Test
        @DisplayName("every call after close() fails with IllegalStateException; close() is idempotent")
        void inputUseAfterClose() {
            Model m = backendProvider().compile(net, options(1, 0, 0));
            FloatTensor x = TestData.images(net, 2, 1);
            if (lacksTraining()) {
                m.forward(x, Mode.EVAL);
            } else {
                m.trainStep(x, new int[] {1, 2}, 0.1);
            }
            NamedTensors state = m.exportState();
            m.close();
            m.close();
            List<Executable> calls = List.of(() -> m.forward(x, Mode.EVAL), () -> m.forwardAll(x, Mode.EVAL),
                    () -> m.trainStep(x, new int[] {1, 2}, 0.1), m::gradients, m::exportState, () -> m.importState(state));
            for (Executable call : calls) {
                IllegalStateException e = assertThrows(IllegalStateException.class, call);
                assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("closed"), "message should say closed: " + e.getMessage());
            }
        }
    }

    // ================================================================== helpers

    /** Compile options on this kit's device. */
    private CompileOptions options(long seed, double momentum, double weightDecay) {
        return CompileOptions.defaults().withDevice(device()).withSeed(seed).withMomentum(momentum).withWeightDecay(weightDecay);
    }

    /**
     * Compiles {@code net} on the backend, or, when the backend declares a capability the network needs unsupported,
     * asserts that compile refuses it with a clear {@link UnsupportedCapabilityException}, records the check as
     * unsupported and returns null.
     */
    private Model compileOrRefuse(Network net, CompileOptions o) {
        Map<Capability, String> lacks = backendProvider().unsupported();
        List<Capability> missing = Capabilities.requiredBy(net).keySet().stream().filter(lacks::containsKey).toList();
        if (missing.isEmpty()) {
            return backendProvider().compile(net, o);
        }
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
                () -> backendProvider().compile(net, o).close(),
                "backend declares " + missing + " unsupported, so compiling '" + net.name() + "' must fail");
        assertTrue(missing.contains(e.capability()), "refused for " + e.capability() + ", expected one of " + missing);
        assertTrue(e.getMessage().contains(backendProvider().name()) && e.getMessage().contains(e.capability().name()),
                "the message should name the backend and the capability: " + e.getMessage());
        Observations.unsupported(e.getMessage());
        return null;
    }

    /**
     * When the backend declares {@link Capability#ALL_NODE_OUTPUTS} unsupported: asserts that it refuses a forward with
     * every node's output, records the check as unsupported and returns true.
     */
    private boolean refusesEveryNodeOutput(Model m, FloatTensor x) {
        if (!backendProvider().unsupported().containsKey(Capability.ALL_NODE_OUTPUTS)) {
            return false;
        }
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
                () -> m.forwardAll(x, Mode.EVAL), "backend declares ALL_NODE_OUTPUTS unsupported");
        assertEquals(Capability.ALL_NODE_OUTPUTS, e.capability());
        Observations.unsupported(e.getMessage());
        return true;
    }

    /** Whether the backend declares {@link Capability#TRAINING} unsupported (an inference-only backend). */
    private boolean lacksTraining() {
        return backendProvider().unsupported().containsKey(Capability.TRAINING);
    }

    /**
     * When the backend declares {@link Capability#TRAINING} unsupported: asserts that it refuses {@code trainingCall},
     * records the check as unsupported and returns true.
     */
    private boolean refusesTraining(Executable trainingCall) {
        if (!lacksTraining()) {
            return false;
        }
        Observations.unsupported(assertRefusesTraining(trainingCall).getMessage());
        return true;
    }

    /**
     * When the backend declares {@link Capability#TRAINING} unsupported: asserts that it refuses a train-mode forward,
     * notes that on the check (which keeps its eval-mode result) and returns true.
     */
    private boolean refusesTrainMode(Model m, FloatTensor x) {
        if (!lacksTraining()) {
            return false;
        }
        Observations.note("eval mode compared; the train-mode part refused as declared: "
                + assertRefusesTraining(() -> m.forward(x, Mode.TRAIN)).getMessage());
        return true;
    }

    private UnsupportedCapabilityException assertRefusesTraining(Executable call) {
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class, call,
                "backend declares TRAINING unsupported, so a training call must fail");
        assertEquals(Capability.TRAINING, e.capability(), e.getMessage());
        assertTrue(e.getMessage().contains(backendProvider().name()), "the message should name the backend: " + e.getMessage());
        return e;
    }

    static NamedTensors runningStatistics(NamedTensors state) {
        return state.filter(n -> n.endsWith(".running_mean") || n.endsWith(".running_var"));
    }
}
