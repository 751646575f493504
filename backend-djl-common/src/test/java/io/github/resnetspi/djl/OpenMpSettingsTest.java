package io.github.resnetspi.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resnetspi.api.ResnetSpiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OpenMP wait policy setting and native jar detection")
class OpenMpSettingsTest {
    @Test
    @DisplayName("the wait policy: property first, then environment, 'default' when neither; anything else refused")
    void waitPolicy() {
        assertThat(OpenMpWaitPolicy.choice(k -> null, k -> null)).isEqualTo("default");
        assertThat(OpenMpWaitPolicy.choice(k -> null, Map.of(OpenMpWaitPolicy.ENV, "Passive")::get)).isEqualTo("passive");
        assertThat(OpenMpWaitPolicy.choice(Map.of(OpenMpWaitPolicy.PROPERTY, "active")::get,
                Map.of(OpenMpWaitPolicy.ENV, "passive")::get)).isEqualTo("active");
        assertThatThrownBy(() -> OpenMpWaitPolicy.choice(k -> null, Map.of(OpenMpWaitPolicy.ENV, "sleepy")::get))
                .isInstanceOf(ResnetSpiException.class)
                .hasMessage("RESNETSPI_OMP_WAIT must be default, passive or active, got 'sleepy'");
    }

    @Test
    @DisplayName("a native jar is missing when its marker resource is not on the class path")
    void nativeJar() {
        NativeJar absent = new NativeJar("native/lib/no-such-engine.properties", "com.example:no-such-native:1.0");
        NativeJar present = new NativeJar("io/github/resnetspi/djl/NativeJar.class", "this module");
        assertThat(NativeJar.firstMissing(List.of(present, absent))).contains(absent);
        assertThat(NativeJar.firstMissing(List.of(present))).isEmpty();
    }
}
