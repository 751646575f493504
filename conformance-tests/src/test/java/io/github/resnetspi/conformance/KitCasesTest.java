package io.github.resnetspi.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.Capabilities;
import io.github.resnetspi.api.Capability;
import io.github.resnetspi.api.graph.AvgPool2d;
import io.github.resnetspi.api.graph.BatchNorm2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.Padding;
import io.github.resnetspi.api.graph.Window;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The kit's own cases are well-posed: they test semantics, not rounding noise, and each shows what it is for. */
class KitCasesTest {

    private static long minValuesPerBnChannel(Network net, int batch) {
        return net.nodesOf(BatchNorm2d.class).stream().map(Node::inputShape)
                .mapToLong(s -> (long) batch * s.dim(1) * s.dim(2)).min().orElse(Long.MAX_VALUE);
    }

    @Test
    @DisplayName("every preset forward case normalises at least 8 values per BN channel in train mode (batch 2)")
    void presetForwardCasesAreWellConditioned() {
        KitCases.presetForwardCases().forEach(c ->
                assertThat(minValuesPerBnChannel(KitCases.presetAt(c), 2)).as(c).isGreaterThanOrEqualTo(8));
    }

    @Test
    @DisplayName("every preset training case normalises at least 16 values per BN channel")
    void stepCasesAreWellConditioned() {
        KitCases.stepCases().filter(c -> !c.startsWith("op:")).forEach(c ->
                assertThat(minValuesPerBnChannel(KitCases.presetAt(c), KitCases.STEP_BATCH)).as(c).isGreaterThanOrEqualTo(16));
    }

    @Test
    @DisplayName("the per-op cases cover every op kind and every capability a backend may lack (except GPU and all-node outputs)")
    void opCasesCoverEveryOpAndCapability() {
        assertThat(OpCase.all().stream().flatMap(o -> o.network().nodes().stream()).map(n -> n.op().kind()).distinct())
                .containsExactlyInAnyOrder("conv2d", "batchnorm2d", "relu", "add", "maxpool2d", "avgpool2d",
                        "globalavgpool", "flatten", "dense");
        assertThat(OpCase.all().stream().flatMap(o -> Capabilities.requiredBy(o.network()).keySet().stream()).distinct())
                .containsExactlyInAnyOrder(Capability.ASYMMETRIC_PADDING, Capability.AVG_POOL_INCLUDE_PAD,
                        Capability.AVG_POOL_EXCLUDE_PAD);
        assertThat(OpCase.all().stream().map(OpCase::id).distinct().count()).isEqualTo(OpCase.all().size());
    }

    @Test
    @DisplayName("the stride-2 'SAME' trap cases really differ: TensorFlow's split of their padding is asymmetric")
    void sameTrapCasesAreAsymmetricUnderTfSame() {
        for (String id : new String[] {"conv3x3-stride2-pad1-nobias-even", "conv7x7-stride2-pad3-bias", "maxpool3x3-stride2-pad1-negative"}) {
            Network net = OpCase.get(id).network();
            Node n = net.nodes().get(0);
            int k = id.startsWith("conv7") ? 7 : 3;
            assertThat(Padding.tfSame(n.inputShape().dim(1), n.inputShape().dim(2), k, k, 2, 2).isSymmetric()).as(id).isFalse();
        }
    }

    @Test
    @DisplayName("the non-square average-pool cases have divisors that differ between rows and columns, and from a "
            + "height/width mix-up or a kH² area")
    void nonSquareAvgPoolCasesShowTheirDivisors() {
        for (String id : List.of("avgpool3x2-stride2x1-asymmetric-exclude-pad", "avgpool3x3-stride2-asymmetric-exclude-pad")) {
            Node pool = OpCase.get(id).network().nodes().get(0);
            Window g = Window.of(pool).orElseThrow();
            double[] d = g.divisors(false);
            assertThat(Arrays.stream(d).distinct().count()).as(id + ": distinct exclude-pad divisors").isGreaterThanOrEqualTo(3);
            assertThat(g.padding().isSymmetric()).as(id).isFalse();
            assertThat(g.inH()).as(id).isNotEqualTo(g.inW());
        }
        AvgPool2d include = (AvgPool2d) OpCase.get("avgpool3x2-stride2x1-asymmetric-include-pad").network().nodes().get(0).op();
        assertThat(include.kernelH()).isNotEqualTo(include.kernelW());
        assertThat(include.countIncludePad()).isTrue();
    }

    @Test
    @DisplayName("the square dense case has as many units as inputs, after a flatten of C, H and W all above 1")
    void squareDenseCase() {
        OpCase oc = OpCase.get("flatten-dense-square");
        assertThat(oc.hasSquareDense()).isTrue();
        assertThat(oc.c()).isGreaterThan(1);
        assertThat(oc.h() * oc.w()).isGreaterThan(1);
        assertThat(OpCase.get("flatten-dense-bias").hasSquareDense()).isFalse();
    }

    @Test
    @DisplayName("the eval-mode BN case declares a non-default ε and imports running variances at the data's scale (some ≈ 1e-4 or less)")
    void bnEvalCaseHasDataScaleStatistics() {
        KitCases.ForwardCase fc = KitCases.forwardOp("batchnorm-eval-data-scale");
        BatchNorm2d bn = (BatchNorm2d) fc.network().nodes().get(0).op();
        assertThat(bn.epsilon()).isNotEqualTo(BatchNorm2d.DEFAULT_EPSILON).isNotEqualTo(1e-3);
        float[] var = fc.state().get("bn.running_var").data();
        double smallest = Double.MAX_VALUE;
        for (float v : var) {
            smallest = Math.min(smallest, v);
        }
        assertThat(smallest).isLessThan(1e-4).isGreaterThan(0);
        // ε is at least a quarter of the smallest variance: it moves those channels' outputs by tens of per cent
        assertThat(bn.epsilon()).isGreaterThan(smallest / 4);
    }

    @Test
    @DisplayName("the ReLU-at-zero case really feeds exact zeros to its ReLU: half the pixels are 0 and the conv bias is 0")
    void reluAtZeroCaseFeedsExactZeros() {
        KitCases.StepCase sc = KitCases.step("op:conv1x1-zero-bias-relu");
        float[] x = sc.images1().data();
        long zeros = 0;
        for (float v : x) {
            zeros += v == 0 ? 1 : 0;
        }
        assertThat(zeros).isGreaterThanOrEqualTo(x.length / 2);
        assertThat(sc.state().get("conv.bias").data()).containsOnly(0f);
    }

    @ParameterizedTest(name = "seed base {0}")
    @ValueSource(longs = {0, 1000, 424242})
    @DisplayName("the drawn cases reach every corner for any seed base: per op with padding batch 1, a unit spatial "
            + "dimension, padding on one axis only, on one side only and on four sides unequally; flatten and batch norm "
            + "of C×1×W and C×H×1 maps; plain SGD and momentum")
    void cornerCasesReachEveryCorner(long base) {
        List<CornerCase> cases = CornerCase.all(base);
        for (CornerCase.Kind kind : CornerCase.Kind.values()) {
            List<CornerCase> ofKind = cases.stream().filter(c -> c.id().startsWith(label(kind) + "-seed")).toList();
            assertThat(ofKind).as(kind.name()).isNotEmpty();
            assertThat(ofKind).as(kind + ": batch 1").anyMatch(c -> c.batch() == 1);
            assertThat(ofKind).as(kind + ": a unit spatial dimension").anyMatch(c -> c.op().h() == 1 || c.op().w() == 1);
            if (!kind.padded()) {
                assertThat(ofKind).as(kind + ": C×1×W").anyMatch(c -> c.op().h() == 1 && c.op().w() > 1);
                assertThat(ofKind).as(kind + ": C×H×1").anyMatch(c -> c.op().w() == 1 && c.op().h() > 1);
                continue;
            }
            List<Padding> pads = ofKind.stream().map(c -> Window.of(c.op().network().nodes().get(0)).orElseThrow().padding()).toList();
            assertThat(pads).as(kind + ": padded on H only, both sides").anyMatch(p -> p.top() > 0 && p.bottom() > 0 && p.left() + p.right() == 0);
            assertThat(pads).as(kind + ": padded on one side only").anyMatch(p ->
                    (p.top() > 0 ? 1 : 0) + (p.bottom() > 0 ? 1 : 0) + (p.left() > 0 ? 1 : 0) + (p.right() > 0 ? 1 : 0) == 1);
            assertThat(pads).as(kind + ": unequal sides").anyMatch(p -> !p.isSymmetric());
        }
        for (CornerCase c : cases) {
            assertThat(c.id()).endsWith("-seed" + c.seed());
            assertThat(c.description()).contains("seed " + c.seed());
            for (BatchNorm2d bn : c.op().network().nodesOf(BatchNorm2d.class).stream().map(n -> (BatchNorm2d) n.op()).toList()) {
                assertThat(bn.epsilon()).as(c.id()).isNotEqualTo(BatchNorm2d.DEFAULT_EPSILON);
                assertThat(bn.momentum()).as(c.id()).isNotEqualTo(BatchNorm2d.DEFAULT_MOMENTUM);
                assertThat(minValuesPerBnChannel(c.op().network(), c.batch())).as(c.id()).isGreaterThanOrEqualTo(4);
            }
        }
        assertThat(cases).anyMatch(c -> c.momentum() == 0).anyMatch(c -> c.momentum() > 0);
        assertThat(cases.stream().map(CornerCase::id).distinct().count()).isEqualTo(cases.size());
        // reproducible: the same base draws the same cases
        assertThat(CornerCase.all(base).stream().map(CornerCase::description).toList())
                .isEqualTo(cases.stream().map(CornerCase::description).toList());
    }

    private static String label(CornerCase.Kind kind) {
        return CornerCase.draw(kind, kind.padded() ? CornerCase.Layout.ONE_AXIS : CornerCase.Layout.UNIT_H, 1, 0).id()
                .replace("-seed1", "");
    }

    @Test
    @DisplayName("the running-statistics check runs at least 30 train-mode passes, batch 1 among them, through batch norms "
            + "with neither the default ε nor the default momentum, one of them on channels of variance below 1e-4")
    void runningStatisticsCaseIsLong() {
        Network net = KitCases.runningStatisticsNetwork();
        assertThat(KitCases.RUNNING_STATISTICS_PASSES).isGreaterThanOrEqualTo(30);
        assertThat(net.nodesOf(BatchNorm2d.class)).hasSize(2).allSatisfy(n -> {
            BatchNorm2d bn = (BatchNorm2d) n.op();
            assertThat(bn.epsilon()).isNotEqualTo(BatchNorm2d.DEFAULT_EPSILON);
            assertThat(bn.momentum()).isNotEqualTo(BatchNorm2d.DEFAULT_MOMENTUM);
        });
        assertThat(KitCases.runningStatisticsBatch(net, 0).shape().dim(0)).isEqualTo(1);
        float[] x = KitCases.runningStatisticsBatch(net, 0).data();
        int plane = net.inputShape().dim(1) * net.inputShape().dim(2);
        double mean = 0;
        double sq = 0;
        for (int k = 0; k < plane; k++) {
            mean += x[k] / plane;
        }
        for (int k = 0; k < plane; k++) {
            sq += (x[k] - mean) * (x[k] - mean) / plane;
        }
        assertThat(sq).as("channel 0's variance").isLessThan(1e-4);
    }

    @Test
    @DisplayName("the running-statistics state cases import means that differ from the variances everywhere, all positive "
            + "in one case and of both signs in the other")
    void runningStatisticsStateCasesTellMeanFromVariance() {
        for (String id : KitCases.runningStatisticsStateCases().toList()) {
            KitCases.ForwardCase fc = KitCases.runningStatisticsState(id);
            float[] mean = fc.state().get("bn.running_mean").data();
            float[] var = fc.state().get("bn.running_var").data();
            for (int c = 0; c < mean.length; c++) {
                assertThat(Math.abs(var[c] - mean[c])).as(id + " channel " + c).isGreaterThanOrEqualTo(0.2f);
            }
            boolean negative = false;
            for (float m : mean) {
                negative |= m < 0;
            }
            assertThat(negative).as(id + ": a negative running mean").isEqualTo(id.equals("signed-means"));
        }
    }

    @Test
    @DisplayName("check names are unique across the groups, every check has a case list or none, and the groups are the six concerns")
    void checkIdsAreUniqueAcrossGroups() {
        List<KitChecks.Check> checks = KitChecks.all();
        assertThat(checks.stream().map(KitChecks.Check::name).distinct().count()).isEqualTo(checks.size());
        assertThat(checks.stream().map(KitChecks.Check::groupName).distinct())
                .containsExactly("discovery", "shapes", "forward", "training", "state", "input");
        assertThat(checks.stream().filter(c -> c.name().equals("forwardOp")).findFirst().orElseThrow().cases())
                .isEqualTo(KitCases.opCases().toList());
    }
}
