package io.github.resnetspi.djl.mxnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.BackendInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("djl-mxnet reports the MXNet release its native library was built from, and the number the library reports")
class DjlMxnetVersionTest {
    @Test
    @DisplayName("1.9.1 from the native jar (mxnet-native-mkl 1.9.1), then libmxnet.so's own MXGetVersion as DJL prints it")
    void version() {
        assertThat(MxnetRuntime.nativeJarRelease()).as("release named by %s", MxnetRuntime.NATIVE_PROPERTIES)
                .isEqualTo("1.9.1");
        BackendInfo info = new DjlMxnetProvider().info();
        assertThat(info.available()).as("problem: %s", info.problem()).isTrue();
        assertThat(info.engineVersion()).isEqualTo("1.9.1 (libmxnet.so's own version number: 1.9.0)");
    }
}
