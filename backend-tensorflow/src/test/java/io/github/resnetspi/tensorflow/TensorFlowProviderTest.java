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
import io.github.resnetspi.api.presets.Presets;
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
}
