package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.cli.exec.ChildJvm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("The CLI's advice for library errors")
class CliAdviceTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(ErrorAnchor.class)
    @DisplayName("every error anchor has advice that names a resnet-spi option or command")
    void everyAnchor(ErrorAnchor anchor) {
        assertThat(CliAdvice.of(anchor)).as("advice for %s", anchor).isNotBlank().containsAnyOf("--", "resnet-spi ", "JAVA_OPTS");
    }

    @Test
    @DisplayName("the error line is the library's message, its docs/errors.md reference, then the CLI's advice")
    void appended() {
        ResnetSpiException e = new ResnetSpiException("training diverged in epoch 1, batch 3: loss is NaN",
                ErrorAnchor.TRAINING_DIVERGED);
        assertThat(Main.message(e)).isEqualTo("training diverged in epoch 1, batch 3: loss is NaN"
                + " (see docs/errors.md#training-diverged); try a smaller --lr");
        assertThat(Main.message(new ResnetSpiException("no anchor"))).isEqualTo("no anchor");
    }

    @Test
    @DisplayName("a GPU the backend cannot see: the library's reason, then 'or run with --device cpu'")
    void gpu() {
        Cli r = Cli.run("train", "--backend", "reference", "--device", "gpu", "--dataset", "synthetic", "--model",
                "resnet-tiny", "--epochs", "1", "--limit-train", "8", "--limit-test", "8");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith(ChildJvm.ERROR_PREFIX + "GPU requested but backend 'reference' sees no GPU")
                .contains("(see docs/errors.md#gpu-unavailable); or run with --device cpu");
    }

    @Test
    @DisplayName("an unknown backend: what was found, then how to list and choose one")
    void unknownBackend() {
        Cli r = Cli.run("train", "--backend", "caffe", "--dataset", "synthetic", "--model", "resnet-tiny");
        assertThat(r.err()).contains("(see docs/errors.md#backend-not-found); 'resnet-spi backends' lists the backends"
                + " found; choose one with --backend NAME");
    }
}
