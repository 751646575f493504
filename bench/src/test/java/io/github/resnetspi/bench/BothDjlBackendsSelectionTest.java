package io.github.resnetspi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.Backends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** With both DJL backend jars on the class path (as here), discovery finds both and the property picks one. */
class BothDjlBackendsSelectionTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(Backends.PROPERTY);
    }

    @Test
    @DisplayName("with both DJL jars present, -Dresnetspi.backend selects either, and without it djl-pytorch is preferred")
    void propertySelects() {
        assertThat(Backends.discover().providers()).extracting(Backend::name)
                .contains("djl-pytorch", "djl-mxnet");
        System.setProperty(Backends.PROPERTY, "djl-mxnet");
        assertThat(Backends.discover().selected().name()).isEqualTo("djl-mxnet");
        System.setProperty(Backends.PROPERTY, "djl-pytorch");
        assertThat(Backends.discover().selected().name()).isEqualTo("djl-pytorch");
        System.clearProperty(Backends.PROPERTY);
        if (System.getenv(Backends.ENV) == null) {
            assertThat(Backends.discover().selected().name()).isEqualTo("djl-pytorch");
        }
    }
}
