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
                .contains("devices:     cpu")
                .contains("test-broken\n  engine:      test-engine unknown\n  status:      unavailable: " + BrokenBackend.PROBLEM);
    }
}
