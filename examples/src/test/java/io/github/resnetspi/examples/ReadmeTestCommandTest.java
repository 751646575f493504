package io.github.resnetspi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's test command is CI's: {@code bash .ci/run}, which installs what the tests need, then runs the build. */
@DisplayName("The README's test command is .ci/run, and .ci/run ends by running ./mvnw -B verify")
class ReadmeTestCommandTest {
    /** Surefire runs in the module directory, {@code examples/}. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    @DisplayName("the quick start's commands include bash .ci/run, and .ci/run's last line is exec ./mvnw -B verify")
    void sameCommand() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String quickStart = readme.substring(readme.indexOf("## Quick start"), readme.indexOf("\n## ", readme.indexOf("## Quick start") + 1));
        assertThat(quickStart).as("README's Quick start").contains("\nbash .ci/run ");
        List<String> script = Files.readAllLines(ROOT.resolve(".ci/run"));
        assertThat(script.get(script.size() - 1)).isEqualTo("exec ./mvnw -B verify");
        assertThat(String.join("\n", script)).as(".ci/run installs the missing Debian packages, as root or with sudo")
                .contains("apt-get install -y").contains("sudo -n");
    }
}
