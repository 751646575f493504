package io.github.resnetspi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resnetspi.api.ResnetSpiException;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ThreadsTest {
    private static final Function<String, String> NONE = k -> null;

    @Test
    @DisplayName("the compile option wins, then the system property, then the environment, then every available processor")
    void order() {
        Function<String, String> prop = Map.of(Threads.PROPERTY, "3")::get;
        Function<String, String> env = Map.of(Threads.ENV, "5")::get;
        assertThat(Threads.resolve(7, prop, env)).isEqualTo(new Threads.Count(7, "CompileOptions.threads"));
        assertThat(Threads.resolve(0, prop, env)).isEqualTo(new Threads.Count(3, "system property resnetspi.threads"));
        assertThat(Threads.resolve(0, NONE, env)).isEqualTo(new Threads.Count(5, "environment variable RESNETSPI_THREADS"));
        assertThat(Threads.resolve(0, NONE, NONE).threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(Threads.resolve(0, NONE, NONE).source()).startsWith("default: all ");
    }

    @Test
    @DisplayName("a thread setting that is not a positive whole number is one clear error naming where it came from")
    void badValues() {
        for (String bad : new String[] {"0", "-2", "two", "1.5"}) {
            assertThatThrownBy(() -> Threads.resolve(0, Map.of(Threads.PROPERTY, bad)::get, NONE))
                    .isInstanceOf(ResnetSpiException.class)
                    .hasMessageContaining("system property resnetspi.threads").hasMessageContaining("'" + bad + "'")
                    .hasMessageContaining("docs/errors.md#threads");
        }
        assertThatThrownBy(() -> CompileOptions.defaults().withThreads(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threads");
    }

    @Test
    @DisplayName("a thread setting above 4 per processor is refused at once, the ceiling stated (issue 28: 100000 hung)")
    void ceiling() {
        int processors = Runtime.getRuntime().availableProcessors();
        assertThat(Threads.max()).isEqualTo(Threads.MAX_PER_PROCESSOR * processors);
        assertThat(Threads.outOfRange(Threads.max())).isNull();
        assertThat(Threads.outOfRange(1)).isNull();
        assertThatThrownBy(() -> Threads.resolve(0, NONE, Map.of(Threads.ENV, "100000")::get))
                .isInstanceOf(ResnetSpiException.class)
                .hasMessageStartingWith("environment variable RESNETSPI_THREADS must be from 1 to " + 4 * processors
                        + " (4 per available processor; this machine has " + processors + "), got 100000")
                .hasMessageContaining("docs/errors.md#threads");
    }

    @Test
    @DisplayName("compile options carry momentum and weight decay, not the learning rate; withOptimizer copies them")
    void compileOptions() {
        CompileOptions o = CompileOptions.defaults().withOptimizer(
                new io.github.resnetspi.api.train.Sgd(0.05, 0.9, 5e-4, io.github.resnetspi.api.train.LrSchedule.constant()));
        assertThat(o.momentum()).isEqualTo(0.9);
        assertThat(o.weightDecay()).isEqualTo(5e-4);
        assertThat(o.hasMomentum()).isTrue();
        assertThat(CompileOptions.defaults().hasMomentum()).isFalse();
        assertThatThrownBy(() -> CompileOptions.defaults().withMomentum(1.0)).hasMessageContaining("momentum");
        assertThatThrownBy(() -> CompileOptions.defaults().withWeightDecay(-1)).hasMessageContaining("weight decay");
    }
}
