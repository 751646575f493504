package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("conformance")
class ConformanceCommandTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("runs the selected checks of the kit against a backend and writes its JSON and Markdown report")
    void runsKit() throws Exception {
        Cli r = Cli.run("conformance", "--backend", "reference", "--check", "discoveryInfo,stateRoundTrip",
                "--out", dir.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("reference: 2 passed, 0 failed");
        assertThat(Files.readString(dir.resolve("reference.json"))).contains("discoveryInfo").contains("stateRoundTrip");
        assertThat(dir.resolve("reference.md")).isNotEmptyFile();
    }

    @Test
    @DisplayName("an unknown check name is a usage error")
    void unknownCheck() {
        Cli r = Cli.run("conformance", "--backend", "reference", "--check", "noSuchCheck", "--out", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("the kit has no check 'noSuchCheck'");
    }
}
