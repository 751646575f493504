package io.github.resnetspi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.spi.BackendProvider;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackendsTest {

    /** A provider that carries a name, a rank and an artifact; selection never calls anything else. */
    private record Named(String name, int rank, String artifact, int spiVersion) implements BackendProvider {
        Named(String name, int rank) {
            this(name, rank, "org.example:backend-" + name, SPI_VERSION);
        }

        @Override
        public BackendInfo info() {
            if (name.startsWith("broken")) {
                throw new IllegalStateException("natives exploded");
            }
            return BackendInfo.available(name, "engine-" + name, "1.0", List.of(Device.CPU), Map.of("threads", "2"));
        }

        @Override
        public Model compile(Network network, CompileOptions options) {
            throw new UnsupportedOperationException("test double");
        }
    }

    private static final Function<String, String> NONE = k -> null;
    private static final List<BackendProvider> ENGINES = List.of(new Named("djl-mxnet", 30), new Named("tensorflow", 20),
            new Named("djl-pytorch", 10), new Named("reference", 1000));

    @Test
    @DisplayName("exactly one provider present: it is selected without any configuration, whatever its rank")
    void single() {
        assertThat(Backends.of(List.of(new Named("reference", 1000)), NONE, NONE).selected().name()).isEqualTo("reference");
    }

    @Test
    @DisplayName("several providers: the system property wins over the environment, which wins over the declared ranks")
    void several() {
        assertThat(Backends.of(ENGINES, NONE, NONE).selected().name()).isEqualTo("djl-pytorch");
        assertThat(Backends.of(ENGINES, NONE, Map.of(Backends.ENV, "djl-mxnet")::get).selected().name()).isEqualTo("djl-mxnet");
        assertThat(Backends.of(ENGINES, Map.of(Backends.PROPERTY, "reference")::get, Map.of(Backends.ENV, "djl-mxnet")::get)
                .selected().name()).isEqualTo("reference");
    }

    @Test
    @DisplayName("a third-party provider ranks by the rank it declares, not last; equal ranks are ordered by name")
    void thirdPartyRank() {
        List<BackendProvider> withThirdParty = new java.util.ArrayList<>(ENGINES);
        withThirdParty.add(new Named("acme-onnx", 5));
        assertThat(Backends.of(withThirdParty, NONE, NONE).selected().name()).isEqualTo("acme-onnx");
        assertThat(Backends.of(List.of(new Named("zeta", 7), new Named("alpha", 7)), NONE, NONE).selected().name())
                .isEqualTo("alpha");
        assertThat(Backends.of(withThirdParty, NONE, NONE).byPreference().stream().map(Backend::name))
                .containsExactly("acme-onnx", "djl-pytorch", "tensorflow", "djl-mxnet", "reference");
        assertThat(new Backend() {
            @Override
            public String name() {
                return "no-rank";
            }

            @Override
            public BackendInfo info() {
                return BackendInfo.unavailable("no-rank", "x", "test double");
            }

            @Override
            public Model compile(Network network, CompileOptions options) {
                throw new UnsupportedOperationException();
            }
        }.rank()).isEqualTo(Backend.DEFAULT_RANK);
    }

    @Test
    @DisplayName("none present: the message says to put a backend jar on the class path and points to docs/errors.md")
    void none() {
        assertThatThrownBy(() -> Backends.of(List.of(), NONE, NONE).selected())
                .isInstanceOf(BackendSelectionException.class)
                .hasMessageContaining("no resnet-spi backend on the class path")
                .hasMessageContaining("docs/errors.md#backend-not-found");
        assertThatThrownBy(() -> Backends.of(List.of(), NONE, NONE).selected()).hasMessageContaining(
                "add one backend artifact, io.github.resnetspi:resnet-spi-backend-djl-pytorch,"
                + " io.github.resnetspi:resnet-spi-backend-tensorflow, io.github.resnetspi:resnet-spi-backend-djl-mxnet,"
                + " io.github.resnetspi:resnet-spi-backend-dl4j, io.github.resnetspi:resnet-spi-backend-onnxruntime or io.github.resnetspi:resnet-spi-backend-reference"
                + " (several work too");
    }

    @Test
    @DisplayName("names match whatever their case and surrounding blanks: DJL-PyTorch selects djl-pytorch")
    void caseInsensitive() {
        assertThat(Backends.of(ENGINES, NONE, NONE).get("DJL-PyTorch").name()).isEqualTo("djl-pytorch");
        assertThat(Backends.of(ENGINES, NONE, NONE).select(" TensorFlow ").name()).isEqualTo("tensorflow");
        assertThat(Backends.of(ENGINES, Map.of(Backends.PROPERTY, "Reference")::get, NONE).selected().name())
                .isEqualTo("reference");
        assertThat(Backends.of(ENGINES, NONE, Map.of(Backends.ENV, "DJL-MXNET")::get).selected().name())
                .isEqualTo("djl-mxnet");
    }

    @Test
    @DisplayName("an unknown or absent name: the message lists what was found with each artifact")
    void unknown() {
        Backends b = Backends.of(List.of(new Named("tensorflow", 20)), Map.of(Backends.PROPERTY, "djl-mxnet")::get, NONE);
        assertThatThrownBy(b::selected)
                .isInstanceOf(BackendSelectionException.class)
                .hasMessageContaining("'djl-mxnet'").hasMessageContaining("system property resnetspi.backend")
                .hasMessageContaining("Found: tensorflow (org.example:backend-tensorflow)")
                .hasMessageContaining("docs/errors.md#backend-not-found");
        assertThatThrownBy(() -> b.get("caffe"))
                .hasMessageContaining("unknown backend 'caffe'").hasMessageContaining("Found: tensorflow")
                .hasMessageContaining("the jar that provides backend 'caffe'");
    }

    @Test
    @DisplayName("describe() lists every backend by preference with rank, artifact, info and details; a broken one is unavailable")
    void describe() {
        List<BackendProvider> all = List.of(new Named("tensorflow", 20), new Named("broken-one", 50), new Named("djl-pytorch", 10));
        BackendsDescription d = Backends.of(all, NONE, NONE).describe();
        assertThat(d.backends()).extracting(e -> e.info().backend()).containsExactly("djl-pytorch", "tensorflow", "broken-one");
        assertThat(d.backends().get(0).rank()).isEqualTo(10);
        assertThat(d.backends().get(0).artifact()).isEqualTo("org.example:backend-djl-pytorch");
        assertThat(d.backends().get(2).info().available()).isFalse();
        assertThat(d.backends().get(2).info().problem()).contains("natives exploded");
        assertThat(d.settings()).containsEntry("selected backend", "djl-pytorch")
                .containsKeys("java", "os", "available processors", Backends.PROPERTY, "resnetspi.threads");
        assertThat(d.toText()).contains("djl-pytorch\n  engine: engine-djl-pytorch 1.0\n  rank: 10\n")
                .contains("  threads: 2\n").contains("unavailable: info() failed");
        assertThat(d).as("toString prints the text, not the record's fields").hasToString(d.toText());
    }

    @Test
    @DisplayName("the api module alone registers no provider")
    void apiAloneHasNone() {
        Backends found = Backends.discover();
        assertThat(found.providers()).isEmpty();
        assertThat(found.loadErrors()).isEmpty();
    }

    @Test
    @DisplayName("a provider built for another SPI version is refused with a message naming both versions; the others"
            + " still work")
    void otherSpiVersion() {
        int other = BackendProvider.SPI_VERSION + 1;
        Backends backends = Backends.of(List.of(new Named("djl-pytorch", 10),
                new Named("acme-engine", 5, "org.example:acme-engine", other)), NONE, NONE);
        assertThat(backends.providers()).extracting(Backend::name).containsExactly("djl-pytorch");
        assertThat(backends.selected().name()).isEqualTo("djl-pytorch");
        assertThat(backends.loadErrors()).singleElement().asString()
                .contains("backend 'acme-engine' (org.example:acme-engine) was built for resnet-spi SPI version " + other)
                .contains("this resnet-spi-api implements SPI version " + BackendProvider.SPI_VERSION)
                .contains("docs/errors.md#spi-version");
        assertThatThrownBy(() -> backends.get("acme-engine")).isInstanceOf(BackendSelectionException.class)
                .hasMessageContaining("was built for resnet-spi SPI version " + other);
    }

    @Test
    @DisplayName("a tool finds the yardstick by the role it declares, not by its name")
    void yardstickByRole() {
        Backend exact = new Backend() {
            @Override
            public String name() {
                return "exact-one";
            }

            @Override
            public java.util.Set<Role> roles() {
                return java.util.Set.of(Role.YARDSTICK);
            }

            @Override
            public BackendInfo info() {
                return BackendInfo.unavailable("exact-one", "x", "test double");
            }

            @Override
            public Model compile(Network network, CompileOptions options) {
                throw new UnsupportedOperationException();
            }
        };
        assertThat(Backends.of(ENGINES, NONE, NONE).withRole(Role.YARDSTICK)).isEmpty();
        List<Backend> withExact = new java.util.ArrayList<>(ENGINES);
        withExact.add(exact);
        assertThat(Backends.of(withExact, NONE, NONE).withRole(Role.YARDSTICK)).containsSame(exact);
    }

    @Test
    @DisplayName("discovery on the context class loader runs once per process until rescan() forgets it")
    void discoveryOncePerProcess() {
        Backends first = Backends.discover();
        assertThat(Backends.discover()).isSameAs(first);
        Backends.rescan();
        assertThat(Backends.discover()).isNotSameAs(first);
    }
}
