package io.github.resnetspi.training.checkpoint;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A state to resume from must be complete and sane")
class StateCheckTest {
    static final Path F = Path.of("ckpt/epoch-0001.safetensors");
    static final Map<String, Shape> LAYOUT = layout();

    static Map<String, Shape> layout() {
        Map<String, Shape> m = new LinkedHashMap<>();
        m.put("bn.weight", Shape.of(2));
        m.put("bn.running_mean", Shape.of(2));
        m.put("bn.running_var", Shape.of(2));
        m.put("fc.bias", Shape.of(3));
        m.put("fc.bias.momentum_buffer", Shape.of(3));
        return m;
    }

    static NamedTensors state(String name, float... values) {
        Map<String, FloatTensor> m = new LinkedHashMap<>();
        LAYOUT.forEach((n, s) -> m.put(n, FloatTensor.filled(s, 1)));
        if (values.length == 0) {
            m.remove(name);
        } else {
            m.put(name, FloatTensor.of(Shape.of(values.length), values));
        }
        return NamedTensors.of(m);
    }

    @Test
    @DisplayName("a complete state passes")
    void complete() {
        assertThatCode(() -> StateCheck.requireComplete(F, state("bn.running_var", 0, 2), LAYOUT)).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("no tensors at all, a missing parameter or a missing momentum buffer is named (item 1)")
    void missing() {
        assertThatThrownBy(() -> StateCheck.requireComplete(F, NamedTensors.empty(), LAYOUT)).isInstanceOf(CheckpointException.class)
                .hasMessage("checkpoint " + F + " lacks 5 of the 5 tensors the model needs (bn.weight, bn.running_mean,"
                        + " bn.running_var, ...): it is incomplete, and resuming from it would mix restored and fresh values" + " (see docs/errors.md#checkpoint)");
        assertThatThrownBy(() -> StateCheck.requireComplete(F, state("fc.bias"), LAYOUT))
                .hasMessageContaining("lacks 1 of the 5 tensors the model needs (fc.bias)");
        assertThatThrownBy(() -> StateCheck.requireComplete(F, state("fc.bias.momentum_buffer"), LAYOUT))
                .hasMessageContaining("lacks 1 of the 5 tensors the model needs (fc.bias.momentum_buffer)");
    }

    @Test
    @DisplayName("a tensor of another shape, or one the model does not have, is refused")
    void shapes() {
        assertThatThrownBy(() -> StateCheck.requireComplete(F, state("fc.bias", 1, 2), LAYOUT))
                .hasMessage("checkpoint " + F + ": tensor 'fc.bias' has shape (2), the model needs (3)" + " (see docs/errors.md#checkpoint)");
        Map<String, FloatTensor> extra = new LinkedHashMap<>(state("x", 1).asMap());
        extra.remove("x");
        extra.put("stem.conv.weight", FloatTensor.zeros(Shape.of(1)));
        assertThatThrownBy(() -> StateCheck.requireComplete(F, NamedTensors.of(extra), LAYOUT))
                .hasMessageContaining("holds tensor 'stem.conv.weight', which this model does not have");
    }

    @Test
    @DisplayName("NaN or infinite values and negative running variances are refused as corrupt, not as divergence (item 3)")
    void values() {
        assertThatThrownBy(() -> StateCheck.requireComplete(F, state("bn.running_var", 1, -1), LAYOUT))
                .hasMessage("checkpoint " + F + ": running variance 'bn.running_var' holds -1.0 (value 2 of 2), and a"
                        + " variance cannot be negative: the file is corrupt" + " (see docs/errors.md#checkpoint)");
        assertThatThrownBy(() -> StateCheck.requireComplete(F, state("bn.running_var", Float.POSITIVE_INFINITY, 1), LAYOUT))
                .hasMessageContaining("tensor 'bn.running_var' holds Infinity (value 1 of 2; 1 not finite)");
        assertThatThrownBy(() -> StateCheck.requireComplete(F, state("fc.bias", 0, Float.NaN, Float.NaN), LAYOUT))
                .hasMessage("checkpoint " + F + ": tensor 'fc.bias' holds NaN (value 2 of 3; 2 not finite): the file is"
                        + " corrupt, or the run that wrote it had diverged" + " (see docs/errors.md#checkpoint)")
                .hasMessageNotContaining("--lr");
        assertThatCode(() -> StateCheck.requireComplete(F, state("bn.running_mean", -5, 3), LAYOUT)).doesNotThrowAnyException();
    }
}
