package io.github.resnetspi.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.BackendUnavailableException;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.api.Threads;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("NativeRuntime: natives bound once, a failure remembered, one thread rule for every engine")
class NativeRuntimeTest {

    /** An engine in memory: loads or fails, with threads fixed at load unless {@code changeable}. */
    private static final class Engine extends NativeRuntime {
        int loads;
        RuntimeException failure;
        boolean changeable;
        String user;
        int threads = 2;

        @Override
        public String engineName() {
            return "Test";
        }

        @Override
        protected void load() {
            loads++;
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        protected String version() {
            return "1.0";
        }

        @Override
        protected List<Device> deviceList() {
            return List.of(Device.CPU);
        }

        @Override
        protected Map<String, String> details() {
            return Map.of(INTRA_OP, intraOpDetail());
        }

        @Override
        protected int engineThreads() {
            return threads;
        }

        @Override
        protected String threadSource() {
            return "at load";
        }

        @Override
        protected String userThreadSetting() {
            return user;
        }

        @Override
        protected boolean changeThreads(int n) {
            if (changeable) {
                threads = n;
            }
            return changeable;
        }
    }

    @Test
    @DisplayName("the natives load once; info reports version, devices and the thread detail")
    void bindsOnce() {
        Engine e = new Engine();
        BackendInfo info = e.info("b");
        e.devices();
        e.bind();
        assertThat(e.loads).isEqualTo(1);
        assertThat(info.available()).isTrue();
        assertThat(info.engineVersion()).isEqualTo("1.0");
        assertThat(info.details()).containsEntry(NativeRuntime.INTRA_OP, "2 (at load)");
    }

    @Test
    @DisplayName("a load failure is remembered: the same exception every time, info unavailable with its message")
    void failureRemembered() {
        Engine e = new Engine();
        e.failure = new BackendUnavailableException("no natives");
        assertThatThrownBy(e::bind).isSameAs(e.failure);
        assertThatThrownBy(e::devices).isSameAs(e.failure);
        BackendInfo info = e.info("b");
        assertThat(info.available()).isFalse();
        assertThat(info.problem()).contains("no natives");
        assertThat(e.loads).isEqualTo(1);
    }

    @Test
    @DisplayName("threads fixed at load: the same count passes, another is refused naming both and how to set it")
    void fixedAtLoad() {
        Engine e = new Engine();
        e.useThreads(new Threads.Count(2, "CompileOptions.threads"));
        assertThatThrownBy(() -> e.useThreads(new Threads.Count(3, "CompileOptions.threads")))
                .isInstanceOf(ResnetSpiException.class)
                .hasMessageContaining("(2 intra-op threads here, from at load)")
                .hasMessageContaining("cannot ask for 3 (CompileOptions.threads)")
                .hasMessageContaining("-D" + Threads.PROPERTY + "=3 before Test first loads")
                .hasMessageContaining("docs/errors.md#threads");
    }

    @Test
    @DisplayName("threads changeable after load: the model's count is applied and reported with its source")
    void changeable() {
        Engine e = new Engine();
        e.changeable = true;
        e.useThreads(new Threads.Count(3, "CompileOptions.threads"));
        assertThat(e.threads).isEqualTo(3);
        assertThat(e.info("b").details()).containsEntry(NativeRuntime.INTRA_OP, "3 (CompileOptions.threads)");
    }

    @Test
    @DisplayName("the user's own engine setting wins: nothing changed, nothing refused, the detail says who set it")
    void userSettingWins() {
        Engine e = new Engine();
        e.user = "OMP_NUM_THREADS=2";
        e.changeable = true;
        e.useThreads(new Threads.Count(5, "CompileOptions.threads"));
        assertThat(e.threads).isEqualTo(2);
        assertThat(e.info("b").details()).containsEntry(NativeRuntime.INTRA_OP, "2 (set by the user: OMP_NUM_THREADS=2)");
    }
}
