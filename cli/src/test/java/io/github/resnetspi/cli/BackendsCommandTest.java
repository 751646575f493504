package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.cli.testing.BrokenBackend;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("backends")
class BackendsCommandTest {
    @Test
    @DisplayName("lists every provider, each queried in its own JVM: engine, version, availability or why not, devices")
    void lists() {
        Cli r = Cli.run("backends");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("reference\n  engine:      java-float64").contains("status:      available")
                .contains("rank:        1000\n  artifact:    io.github.resnetspi:resnet-spi-backend-reference")
                .contains("devices:     cpu")
                .contains("test-broken\n  engine:      test-engine unknown\n  rank:        100\n  status:      unavailable: "
                        + BrokenBackend.PROBLEM)
                .contains("environment\n").contains("  selected backend: djl-pytorch");
        // most preferred first: the engines by their declared ranks, the test doubles (default rank), the reference
        assertThat(r.out().indexOf("djl-pytorch\n")).isLessThan(r.out().indexOf("tensorflow\n"));
        assertThat(r.out().indexOf("djl-mxnet\n")).isLessThan(r.out().indexOf("test-broken\n"));
        assertThat(r.out().indexOf("test-broken\n")).isLessThan(r.out().indexOf("reference\n"));
    }
}
