package io.github.resnetspi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.spi.BackendInfo;
import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.api.spi.CompileOptions;
import io.github.resnetspi.api.spi.Model;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackendsTest {

    /** A provider that does nothing but carry a name; selection never calls anything else. */
    private record Named(String name) implements BackendProvider {
        @Override
        public BackendInfo info() {
            return BackendInfo.unavailable(name, "none", "test double");
        }

        @Override
        public Model compile(Network network, CompileOptions options) {
            throw new UnsupportedOperationException("test double");
        }
    }

    private static final Function<String, String> NONE = k -> null;

    @Test
    @DisplayName("exactly one provider present: it is selected without any configuration")
    void single() {
        assertThat(Backends.of(List.of(new Named("tensorflow")), NONE, NONE).selected().name()).isEqualTo("tensorflow");
    }

    @Test
    @DisplayName("several providers: the system property wins over the environment, which wins over the default order")
    void several() {
        List<BackendProvider> all = List.of(new Named("djl-mxnet"), new Named("tensorflow"), new Named("djl-pytorch"));
        assertThat(Backends.of(all, NONE, NONE).selected().name()).isEqualTo("djl-pytorch");
        assertThat(Backends.of(all, NONE, Map.of(Backends.ENV, "djl-mxnet")::get).selected().name()).isEqualTo("djl-mxnet");
        assertThat(Backends.of(all, Map.of(Backends.PROPERTY, "tensorflow")::get, Map.of(Backends.ENV, "djl-mxnet")::get)
                .selected().name()).isEqualTo("tensorflow");
    }

    @Test
    @DisplayName("none present: the message says which artifacts provide backends")
    void none() {
        assertThatThrownBy(() -> Backends.of(List.of(), NONE, NONE).selected())
                .isInstanceOf(BackendSelectionException.class)
                .hasMessageContaining("no resnet-spi backend on the classpath")
                .hasMessageContaining("resnet-spi-backend-djl-pytorch");
    }

    @Test
    @DisplayName("an unknown or absent name: the message lists what was found and the artifact to add")
    void unknown() {
        Backends b = Backends.of(List.of(new Named("tensorflow")), Map.of(Backends.PROPERTY, "djl-mxnet")::get, NONE);
        assertThatThrownBy(b::selected)
                .isInstanceOf(BackendSelectionException.class)
                .hasMessageContaining("'djl-mxnet'").hasMessageContaining("system property resnetspi.backend")
                .hasMessageContaining("Found: tensorflow").hasMessageContaining("resnet-spi-backend-djl-mxnet");
        assertThatThrownBy(() -> b.get("caffe"))
                .hasMessageContaining("unknown backend 'caffe'").hasMessageContaining("Found: tensorflow")
                .hasMessageContaining("Known backends");
    }

    @Test
    @DisplayName("the api module alone registers no provider")
    void apiAloneHasNone() {
        Backends found = Backends.discover();
        assertThat(found.providers()).isEmpty();
        assertThat(found.loadErrors()).isEmpty();
    }
}
