package io.github.resnetspi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Padding;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.spi.InputChecks;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.LrSchedule;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.Sgd;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SpiValuesTest {

    @Test
    @DisplayName("device requests parse auto, cpu, gpu and gpu:N, and reject anything else with the accepted forms")
    void deviceRequests() {
        assertThat(DeviceRequest.parse("auto")).isEqualTo(DeviceRequest.AUTO);
        assertThat(DeviceRequest.parse("CPU")).isEqualTo(DeviceRequest.CPU);
        assertThat(DeviceRequest.parse("gpu")).isEqualTo(DeviceRequest.gpu(0));
        assertThat(DeviceRequest.parse("gpu:2")).isEqualTo(DeviceRequest.gpu(2));
        assertThatThrownBy(() -> DeviceRequest.parse("tpu")).hasMessageContaining("use auto, cpu, gpu or gpu:N");
        assertThatThrownBy(() -> DeviceRequest.parse("gpu:-1")).hasMessageContaining("unknown device");
    }

    @Test
    @DisplayName("auto falls back to the CPU; an explicit GPU request without a GPU fails saying what to do")
    void deviceResolution() {
        assertThat(DeviceRequest.AUTO.resolve("x", List.of(Device.CPU), "")).isEqualTo(Device.CPU);
        assertThat(DeviceRequest.AUTO.resolve("x", List.of(Device.CPU, Device.gpu(0)), "")).isEqualTo(Device.gpu(0));
        assertThatThrownBy(() -> DeviceRequest.gpu(0).resolve("djl-mxnet", List.of(Device.CPU), "Install a CUDA build."))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("sees no GPU").hasMessageContaining("Install a CUDA build.")
                .hasMessageContaining("run on the CPU").hasMessageContaining("docs/errors.md#gpu-unavailable")
                .message().doesNotContain("--device");
        assertThatThrownBy(() -> DeviceRequest.gpu(3).resolve("x", List.of(Device.gpu(0)), ""))
                .hasMessageContaining("GPU 3 requested").hasMessageContaining("[gpu:0]");
    }

    @Test
    @DisplayName("step decay multiplies the rate by gamma every k epochs")
    void schedules() {
        Sgd sgd = new Sgd(0.1, 0.9, 5e-4, LrSchedule.stepDecay(2, 0.5));
        assertThat(sgd.learningRateAt(0)).isEqualTo(0.1);
        assertThat(sgd.learningRateAt(1)).isEqualTo(0.1);
        assertThat(sgd.learningRateAt(2)).isEqualTo(0.05);
        assertThat(sgd.learningRateAt(5)).isEqualTo(0.025);
        assertThat(Sgd.plain(0.05).learningRateAt(9)).isEqualTo(0.05);
        assertThatThrownBy(() -> new Sgd(-1, 0, 0, LrSchedule.constant())).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> new Sgd(0.1, 1.0, 0, LrSchedule.constant())).hasMessageContaining("momentum");
    }

    @Test
    @DisplayName("warm-up-linear rises from a tenth of the rate to the rate, then falls linearly to 0 at the run's end")
    void warmupLinear() {
        Sgd sgd = new Sgd(0.2, 0.9, 0, LrSchedule.warmupLinear(0.5, 2));
        assertThat(sgd.learningRateAt(0.0)).isCloseTo(0.02, within(1e-15));
        assertThat(sgd.learningRateAt(0.25)).isCloseTo(0.11, within(1e-15));
        assertThat(sgd.learningRateAt(0.5)).isCloseTo(0.2, within(1e-15));
        assertThat(sgd.learningRateAt(1.25)).isCloseTo(0.1, within(1e-15));
        assertThat(sgd.learningRateAt(1.999)).isPositive().isLessThan(0.001);
        assertThat(sgd.learningRateAt(2.0)).isZero();
        assertThat(new Sgd(0.1, 0, 0, LrSchedule.warmupLinear(0, 1)).learningRateAt(0.0)).isEqualTo(0.1);
        // the epoch-wise schedules only look at the epoch a step is in
        assertThat(new Sgd(0.1, 0, 0, LrSchedule.stepDecay(1, 0.5)).learningRateAt(1.99)).isEqualTo(0.05);
        assertThatThrownBy(() -> LrSchedule.warmupLinear(1, 1)).hasMessageContaining("warm-up");
        assertThatThrownBy(() -> LrSchedule.warmupLinear(-0.1, 1)).hasMessageContaining("warm-up");
        assertThatThrownBy(() -> LrSchedule.warmupLinear(0, 0)).hasMessageContaining("positive number of epochs");
        // fitted to a run of another length, only the warm-up-and-decay schedule changes: its decay ends with the run
        assertThat(LrSchedule.warmupLinear(0.2, 1).forRun(3)).isEqualTo(LrSchedule.warmupLinear(0.2, 3));
        assertThat(LrSchedule.stepDecay(2, 0.5).forRun(7)).isEqualTo(LrSchedule.stepDecay(2, 0.5));
        assertThat(LrSchedule.constant().forRun(7)).isEqualTo(LrSchedule.constant());
        assertThatThrownBy(() -> LrSchedule.warmupLinear(1, 2).forRun(1)).hasMessageContaining("warm-up");
    }

    @Test
    @DisplayName("the state layout names parameters, running statistics and momentum buffers, and rejects strangers")
    void stateLayout() {
        Network net = Presets.build("resnet-tiny");
        StateLayout plain = StateLayout.of(net, CompileOptions.defaults());
        StateLayout momentum = StateLayout.of(net, CompileOptions.defaults().withMomentum(0.9));
        assertThat(plain.entries()).containsKey("stem.bn.running_var").doesNotContainKey("fc.weight.momentum_buffer");
        assertThat(momentum.entries()).containsKey("fc.weight.momentum_buffer")
                .doesNotContainKey("stem.bn.running_mean.momentum_buffer");
        NamedTensors init = momentum.initialState(1);
        assertThat(init.names()).containsExactlyElementsOf(momentum.entries().keySet());
        assertThat(init.get("fc.weight.momentum_buffer").data()).containsOnly(0f);
        momentum.validate(init);
        assertThatThrownBy(() -> plain.validate(NamedTensors.of(Map.of("fc.weight.momentum_buffer", FloatTensor.zeros(Shape.of(10, 16))))))
                .hasMessageContaining("'fc.weight.momentum_buffer'").hasMessageContaining("momentum > 0");
        assertThatThrownBy(() -> plain.validate(NamedTensors.of(Map.of("fc.weight", FloatTensor.zeros(Shape.of(16, 10))))))
                .hasMessageContaining("'fc.weight'").hasMessageContaining("(16, 10)").hasMessageContaining("(10, 16)");
    }

    @Test
    @DisplayName("input checks name the expected shape, the bad label and its index")
    void inputChecks() {
        Network net = Presets.build("resnet-tiny");
        assertThatThrownBy(() -> InputChecks.images(net, FloatTensor.zeros(Shape.of(2, 28, 28)), Mode.EVAL))
                .hasMessageContaining("rank 4").hasMessageContaining("(N, 1, 28, 28)");
        assertThatThrownBy(() -> InputChecks.images(net, FloatTensor.zeros(Shape.of(2, 3, 28, 28)), Mode.EVAL))
                .hasMessageContaining("3 channels").hasMessageContaining("expects 1");
        assertThatThrownBy(() -> InputChecks.images(net, FloatTensor.zeros(Shape.of(2, 1, 32, 32)), Mode.EVAL))
                .hasMessageContaining("32x32").hasMessageContaining("28x28");
        FloatTensor x = FloatTensor.zeros(Shape.of(2, 1, 28, 28));
        assertThatThrownBy(() -> InputChecks.labels(net, x, new int[] {1, 10}))
                .hasMessageContaining("label 10 at index 1").hasMessageContaining("[0, 10)");
        assertThatThrownBy(() -> InputChecks.labels(net, x, new int[] {1}))
                .hasMessageContaining("1 labels for a batch of 2");
    }

    @Test
    @DisplayName("networks report the capabilities they need: asymmetric padding, padded average pools")
    void capabilities() {
        assertThat(Capabilities.requiredBy(Presets.build("d2l-resnet18"))).isEmpty();
        assertThat(Capabilities.requiredBy(Presets.build("keras-resnet"))).containsEntry(Capability.ASYMMETRIC_PADDING, "stem.pool");
        var b = Network.builder("pools", 1, 8, 8);
        String x = b.avgPool("avg", Network.INPUT, 3, 1, Padding.symmetric(1), false);
        Network net = b.build(x);
        assertThat(Capabilities.requiredBy(net)).containsOnlyKeys(Capability.AVG_POOL_EXCLUDE_PAD);
    }
}
