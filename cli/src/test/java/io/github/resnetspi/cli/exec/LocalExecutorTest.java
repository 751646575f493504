package io.github.resnetspi.cli.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Local executor")
class LocalExecutorTest {
    static final PrintWriter OUT = new PrintWriter(new StringWriter());

    @Test
    @DisplayName("several cells at once on gpu: each holds its own GPU, gpu:0 … gpu:N−1")
    void gpuSlots() {
        assertThat(LocalExecutor.create(3, "gpu", OUT, false).slots()).containsExactly("gpu:0", "gpu:1", "gpu:2");
    }

    @Test
    @DisplayName("several cells at once on the CPU share it; one cell at a time keeps the device asked for")
    void otherSlots() {
        assertThat(LocalExecutor.create(2, "cpu", OUT, false).slots()).containsExactly("cpu", "cpu");
        assertThat(LocalExecutor.create(1, "gpu:1", OUT, false).slots()).containsExactly("gpu:1");
        assertThat(LocalExecutor.create(1, "auto", OUT, false).slots()).containsExactly("auto");
        assertThatThrownBy(() -> LocalExecutor.create(0, "cpu", OUT, false)).hasMessageContaining("at least 1");
    }
}
