package io.github.resnetspi.conformance;

import io.github.resnetspi.api.graph.BatchNorm2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.NetworkBuilder;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.ParameterKind;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.init.Initializer;
import io.github.resnetspi.api.presets.PresetOptions;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The kit's parameterized cases and exactly what each feeds (network, images, state, labels, optimizer): one place,
 * shared by the kit's checks, its mutant catalogue and the PyTorch cross-check of the reference, so that all three
 * see the same numbers.
 */
public final class KitCases {
    /** Batch size of the training-step cases; every preset case's batch norms see at least 16 values per channel. */
    public static final int STEP_BATCH = 4;
    /** Momentum of the training-step cases. */
    public static final double STEP_MOMENTUM = 0.9;
    /** Learning rate of step 1; step 2 uses {@link #STEP_LR_2}, which separates PyTorch's momentum form from MXNet's. */
    public static final double STEP_LR_1 = 0.05;
    /** Learning rate of step 2. */
    public static final double STEP_LR_2 = 0.02;
    /**
     * Weight decay of the single-op step cases: large, so that wd·w is comparable with the gradient and every mistake
     * in its form (left off a parameter kind, added after the momentum, reported in {@code gradients()}) moves some
     * tensor by far more than the tolerance (see the README's mutant table).
     */
    public static final double OP_WEIGHT_DECAY = 0.1;
    /** Weight decay of the preset step cases: a realistic value. */
    public static final double PRESET_WEIGHT_DECAY = 1e-3;
    /**
     * The seed of the forward cases' states ({@link TestData#randomState}): their conv and dense weights are
     * {@code StateLayout.initialState(FORWARD_STATE_SEED)}'s.
     */
    public static final long FORWARD_STATE_SEED = 6;
    /** The seed of the training-step cases' states: their weights are {@code StateLayout.initialState(STEP_STATE_SEED)}'s. */
    public static final long STEP_STATE_SEED = 8;
    /**
     * Learning rate of step 1 of the drawn cases ({@link CornerCase}); step 2 uses the larger {@link #CORNER_LR_2}.
     * Their batches are small (1 to 3 images) and so are their updates next to the weights: step 2's update, taken
     * from the state step 1 left, also holds step 1's float32 rounding of the weights, which a smaller second rate
     * would magnify (relative L2 error of the update 1.7e-5 on djl-mxnet at 0.1 then 0.04, 8.6e-6 at 0.04 then 0.1,
     * against the tolerance 1e-4). Larger rates saturate one example's softmax by step 2 (at 0.2 then 0.08: loss
     * ≈ 1e-3, where float32 logits of magnitude ~10 leave its gradient only 1e-3 exact).
     */
    public static final double CORNER_LR_1 = 0.04;
    /** Learning rate of step 2 of the drawn cases. */
    public static final double CORNER_LR_2 = 0.1;
    /**
     * Train-mode passes of the running-statistics check: enough for an error of ε per update, invisible after one or
     * two, to build up to several times the variance of a small channel.
     */
    public static final int RUNNING_STATISTICS_PASSES = 32;

    private KitCases() {
    }

    /** @return the ids of the per-op forward cases ({@link OpCase#all()}) */
    public static Stream<String> opCases() {
        return OpCase.all().stream().map(OpCase::id);
    }

    /**
     * Presets on small inputs (and the gluon seed near its real size), batch 2. Sizes are chosen so that every batch
     * norm normalises at least 8 values per channel in train mode: with 2 (batch 2 on a 1×1 map) the batch variance
     * of a channel can be as small as ε, the normalisation is ill-conditioned and float32 rounding alone moves the
     * logits by 10% or more, which says nothing about a backend.
     *
     * @return {@code preset@CxHxW} specs
     */
    public static Stream<String> presetForwardCases() {
        return Stream.of("resnet-tiny@1x16x16", "d2l-resnet18@1x40x40", "resnet18@3x40x40", "resnet50@3x48x48",
                "preact-resnet18@3x40x40", "keras-resnet@1x20x20", "gluon-resnet18-cifar10@3x200x200");
    }

    /** @return presets at several input sizes (odd ones included) and batch sizes: {@code preset@CxHxW/batch} */
    public static Stream<String> shapeCases() {
        return Stream.of("resnet-tiny@1x28x28/3", "resnet-tiny@3x17x13/1", "d2l-resnet18@1x45x45/2",
                "d2l-resnet18@1x96x96/1", "resnet18@3x37x37/2", "resnet34@3x32x32/1", "resnet50@3x33x33/2",
                "resnet101@3x32x32/1", "resnet152@3x32x32/1", "preact-resnet18@3x35x35/2", "keras-resnet@1x28x28/2",
                "keras-resnet@1x21x21/1", "gluon-resnet18-cifar10@3x201x201/1");
    }

    /**
     * @return the training-step cases: every op case with a dense head ({@code op:<id>}) and four presets
     *         ({@code preset@CxHxW})
     */
    public static Stream<String> stepCases() {
        Stream<String> ops = OpCase.all().stream().map(o -> "op:" + o.id());
        return Stream.concat(ops, Stream.of("resnet-tiny@1x12x12", "d2l-resnet18@1x40x40", "preact-resnet18@3x40x40",
                "keras-resnet@1x16x16"));
    }

    /**
     * @return the training-step cases also run without momentum: an op case of each parameter kind (conv weight and
     *         bias, BN γ and β, dense weight and bias), since a backend may update plain SGD by another path
     */
    public static Stream<String> plainSgdCases() {
        return Stream.of("op:conv3x3-stride1-pad1-bias", "op:batchnorm", "op:flatten-dense-bias");
    }

    /** @return the ids of the drawn property cases ({@link CornerCase#all()}) */
    public static Stream<String> cornerCases() {
        return CornerCase.all().stream().map(CornerCase::id);
    }

    /**
     * @return the running-statistics round trips: running means all positive (a mean/variance mix-up gives finite,
     *         wrong outputs) and of both signs (as real running means are)
     */
    public static Stream<String> runningStatisticsStateCases() {
        return Stream.of("positive-means", "signed-means");
    }

    /**
     * @param spec {@code preset@CxHxW}
     * @return the preset built for that input
     */
    public static Network presetAt(String spec) {
        String[] parts = spec.split("@");
        String[] dims = parts[1].split("x");
        PresetOptions o = Presets.get(parts[0]).defaults().withInput(Integer.parseInt(dims[0]), Integer.parseInt(dims[1]),
                Integer.parseInt(dims[2]));
        return Presets.build(parts[0], o);
    }

    /**
     * What a forward check feeds both models.
     *
     * @param id        the case id
     * @param network   the network
     * @param images    the input batch
     * @param state     the imported state
     * @param tolerance the float32 tolerance of its outputs
     * @param statisticsTolerance the float32 tolerance of the running statistics after its train-mode forward
     */
    public record ForwardCase(String id, Network network, FloatTensor images, NamedTensors state, double tolerance,
                              double statisticsTolerance) {
    }

    /**
     * @param id an op case id
     * @return the forward case of that op: batch 3, the op's kind of input and of random state
     */
    public static ForwardCase forwardOp(String id) {
        OpCase oc = OpCase.get(id);
        Network net = oc.network();
        return new ForwardCase(id, net, oc.images(3, 11), oc.state(net, FORWARD_STATE_SEED), Tolerances.forward(net),
                Tolerances.RUNNING_STATS);
    }

    /**
     * @param spec one of {@link #presetForwardCases()}
     * @return the forward case of that preset: batch 2, random state
     */
    public static ForwardCase forwardPreset(String spec) {
        Network net = presetAt(spec);
        return new ForwardCase(spec, net, TestData.images(net, 2, 21), TestData.randomState(net, FORWARD_STATE_SEED), Tolerances.PRESET_FORWARD,
                Tolerances.PRESET_FORWARD);
    }

    /**
     * @param id a {@link CornerCase} id
     * @return its forward case: the case's own batch (1 included), input and random state
     */
    public static ForwardCase forwardCorner(String id) {
        CornerCase cc = CornerCase.get(id);
        Network net = cc.op().network();
        return new ForwardCase(id, net, cc.op().images(cc.batch(), cc.seed()), cc.op().state(net, cc.seed()),
                Tolerances.forward(net), Tolerances.RUNNING_STATS);
    }

    /**
     * @param id a {@link CornerCase} id
     * @return its two-step case: the op with a dense head, the case's batch, random state, weight decay
     *         {@link #OP_WEIGHT_DECAY} (the momentum is the case's)
     */
    public static StepCase cornerStep(String id) {
        CornerCase cc = CornerCase.get(id);
        Network net = cc.op().trainable();
        int classes = net.classes();
        return new StepCase(id, net, cc.op().state(net, cc.seed() + 1), cc.op().images(cc.batch(), cc.seed() + 2),
                TestData.labels(cc.batch(), classes, cc.seed() + 3), cc.op().images(cc.batch(), cc.seed() + 4),
                TestData.labels(cc.batch(), classes, cc.seed() + 5), OP_WEIGHT_DECAY, false);
    }

    /**
     * The network of the running-statistics check: a batch norm of the input (ε = 1e-4, momentum 0.2), a ReLU and a
     * second batch norm (ε = 3e-3, momentum 0.05) — none of them defaults — on 6 channels of very different variance
     * (≈ 3e-5 to 1.3, {@link TestData#scaledChannels}) of 2×3 pixels.
     *
     * @return the network
     */
    public static Network runningStatisticsNetwork() {
        NetworkBuilder b = Network.builder("running-statistics", 6, 2, 3);
        String relu = b.relu("relu", b.batchNorm("bn1", Network.INPUT, 1e-4, 0.2));
        return b.build(b.batchNorm("bn2", relu, 3e-3, 0.05));
    }

    /**
     * @param net  {@link #runningStatisticsNetwork()}
     * @param pass a train-mode pass, 0-based
     * @return its batch: 1, 2, 3 or 4 images in turn (so the unbiased variance's m/(m − 1) changes from pass to pass)
     */
    public static FloatTensor runningStatisticsBatch(Network net, int pass) {
        return TestData.scaledChannels(net.inputShape().withBatch(1 + pass % 4), 500 + pass);
    }

    /**
     * The network and state of a running-statistics round trip: a batch norm on 5 channels of 3×3 whose imported
     * running means differ from its running variances everywhere (by at least 0.2).
     *
     * @param id one of {@link #runningStatisticsStateCases()}
     * @return the network's output-only forward case; its state holds random γ and β and those statistics
     */
    public static ForwardCase runningStatisticsState(String id) {
        boolean signed = switch (id) {
            case "positive-means" -> false;
            case "signed-means" -> true;
            default -> throw new IllegalArgumentException("no running-statistics state case '" + id + "'");
        };
        NetworkBuilder b = Network.builder("running-statistics-state", 5, 3, 3);
        Network net = b.build(b.batchNorm("bn", Network.INPUT));
        SplittableRandom rng = new SplittableRandom(signed ? 71 : 72);
        Node bn = net.nodesOf(BatchNorm2d.class).get(0);
        float[] mean = new float[5];
        float[] var = new float[5];
        for (int ch = 0; ch < 5; ch++) {
            double magnitude = 0.1 + 0.3 * rng.nextDouble();
            mean[ch] = (float) (signed && ch % 2 == 0 ? -magnitude : magnitude);
            var[ch] = (float) (0.6 + 1.2 * rng.nextDouble());
        }
        Map<String, FloatTensor> stats = new LinkedHashMap<>();
        stats.put(bn.parameterName(ParameterKind.RUNNING_MEAN), FloatTensor.wrap(Shape.of(5), mean));
        stats.put(bn.parameterName(ParameterKind.RUNNING_VAR), FloatTensor.wrap(Shape.of(5), var));
        NamedTensors state = TestData.randomState(net, signed ? 73 : 74).with(NamedTensors.of(stats));
        return new ForwardCase(id, net, TestData.uniform(net.inputShape().withBatch(2), -1.5, 1.5, signed ? 75 : 76), state,
                Tolerances.BATCH_NORM, Tolerances.RUNNING_STATS);
    }

    /**
     * What a training-step check feeds both models: two SGD steps on two batches, the learning rate changed between
     * them.
     *
     * @param id          the case id
     * @param network     the (trainable) network
     * @param state       the state imported before step 1
     * @param images1     the batch of step 1
     * @param labels1     its labels
     * @param images2     the batch of step 2
     * @param labels2     its labels
     * @param weightDecay the weight decay (momentum is {@link #STEP_MOMENTUM})
     * @param deep        a preset, compared in relative L2 with the backend's ReLU and max-pool decisions followed
     */
    public record StepCase(String id, Network network, NamedTensors state, FloatTensor images1, int[] labels1,
                           FloatTensor images2, int[] labels2, double weightDecay, boolean deep) {
    }

    /**
     * @param id one of {@link #stepCases()}
     * @return its training-step case
     */
    public static StepCase step(String id) {
        Network net;
        FloatTensor x1;
        FloatTensor x2;
        NamedTensors state;
        boolean deep = !id.startsWith("op:");
        if (!deep) {
            // single ops: a random state with nothing at its default (γ, β, biases), so that a mix-up shows
            OpCase oc = OpCase.get(id.substring(3));
            net = oc.trainable();
            x1 = oc.images(STEP_BATCH, 31);
            x2 = oc.images(STEP_BATCH, 32);
            state = oc.state(net, STEP_STATE_SEED);
        } else {
            // deep presets: the seeded initial state (Xavier, γ = 1, β = 0), as training starts. With random γ, β and
            // biases some deep channels are nearly constant and their batch norm is ill-conditioned
            net = presetAt(id);
            x1 = TestData.images(net, STEP_BATCH, 31);
            x2 = TestData.images(net, STEP_BATCH, 32);
            state = Initializer.initialize(net, STEP_STATE_SEED);
        }
        return new StepCase(id, net, state, x1, TestData.labels(STEP_BATCH, net.classes(), 41), x2,
                TestData.labels(STEP_BATCH, net.classes(), 42), deep ? PRESET_WEIGHT_DECAY : OP_WEIGHT_DECAY, deep);
    }
}
