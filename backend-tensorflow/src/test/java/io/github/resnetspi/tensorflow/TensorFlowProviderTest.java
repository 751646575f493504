package io.github.resnetspi.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.BackendUnavailableException;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.DeviceRequest;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.StepObserver;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TensorFlowProviderTest {

    @Test
    @DisplayName("the provider is registered with ServiceLoader under the name 'tensorflow'")
    void discoveredByServiceLoader() {
        assertThat(Backends.discover().find("tensorflow")).get().isInstanceOf(TensorFlowProvider.class);
    }

    @Test
    @DisplayName("info() reports TensorFlow 2.18 available on the CPU")
    void infoReportsEngine() {
        BackendInfo info = new TensorFlowProvider().info();
        assertThat(info.available()).as(info.problem()).isTrue();
        assertThat(info.engine()).isEqualTo("TensorFlow");
        assertThat(info.engineVersion()).startsWith("2.18");
        assertThat(info.devices()).contains(Device.CPU);
    }

    @Test
    @DisplayName("a GPU request on the CPU natives fails naming the GPU natives' classifier and the gpu-unavailable anchor")
    void gpuRequestWithoutGpuNamesTheNatives() {
        TensorFlowProvider p = new TensorFlowProvider();
        if (p.info().devices().stream().anyMatch(Device::isGpu)) {
            return; // running on the CUDA natives with a GPU: nothing to refuse
        }
        assertThatThrownBy(() -> p.compile(Presets.build("resnet-tiny"), CompileOptions.defaults().withDevice(DeviceRequest.gpu(0))))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("classifier linux-x86_64-gpu")
                .hasMessageContaining("docs/errors.md#gpu-unavailable")
                .hasMessageNotContaining("-P");
    }

    @Test
    @DisplayName("device 'auto' falls back to the CPU when no GPU is seen")
    void autoFallsBackToCpu() {
        TensorFlowProvider p = new TensorFlowProvider();
        try (Model m = p.compile(Presets.build("resnet-tiny"), CompileOptions.defaults().withDevice(DeviceRequest.AUTO))) {
            Device expected = p.info().devices().stream().filter(Device::isGpu).findFirst().orElse(Device.CPU);
            assertThat(m.device()).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("a step observer that wants op times gets the traced step's kernel time by op type; unobserved steps are not traced")
    void stepObserverOpTimes() {
        List<Map<String, Double>> told = new ArrayList<>();
        int[] asked = {0};
        StepObserver secondStepOnly = new StepObserver() {
            @Override
            public boolean observing() {
                return ++asked[0] == 2;
            }

            @Override
            public boolean wantsOpMillis() {
                return true;
            }

            @Override
            public void opMillis(Map<String, Double> millisByOpType) {
                told.add(millisByOpType);
            }
        };
        Network net = Presets.build("resnet-tiny");
        FloatTensor x = FloatTensor.zeros(net.inputShape().withBatch(2));
        int[] labels = {0, 1};
        try (Model m = new TensorFlowProvider().compile(net, CompileOptions.defaults().withStepObserver(secondStepOnly))) {
            for (int step = 0; step < 3; step++) {
                m.trainStep(x, labels, 0.1);
            }
        }
        assertThat(asked[0]).as("asked once a step").isEqualTo(3);
        assertThat(told).as("op times of the observed second step only").hasSize(1);
        // op types as TensorFlow names them, oneDNN's with a prefix (e.g. _MklNativeConv2D)
        assertThat(told.get(0).keySet()).anyMatch(op -> op.endsWith("Conv2D"))
                .anyMatch(op -> op.endsWith("Conv2DBackpropFilter"));
        assertThat(told.get(0).values()).allMatch(ms -> ms >= 0);
    }
}
