package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Errors of child JVMs")
class ChildJvmTest {
    @Test
    @DisplayName("our one-line error is taken as is")
    void ownError() {
        assertThat(ChildJvm.errorOf(List.of("log", Main.ERROR_PREFIX + "backend 'x' is not available: no natives", "x"), 1))
                .isEqualTo("backend 'x' is not available: no natives");
    }

    @Test
    @DisplayName("a native crash is reported with its problematic frame")
    void nativeCrash() {
        List<String> hsErr = List.of("#", "# A fatal error has been detected by the Java Runtime Environment:", "#",
                "#  SIGSEGV (0xb) at pc=0x00007f, pid=1, tid=2", "# Problematic frame:", "# C  [libtorch_cpu.so+0x123]  at::foo",
                "#", "# An error report file with more information is saved as:", "# /tmp/hs_err_pid1.log");
        assertThat(ChildJvm.errorOf(hsErr, 134)).contains("crashed in native code").contains("libtorch_cpu.so+0x123")
                .contains("exit code 134");
    }

    @Test
    @DisplayName("otherwise the last stderr line, or the signal when there is none")
    void otherwise() {
        assertThat(ChildJvm.errorOf(List.of("first", "Exception in thread main: boom", ""), 1))
                .isEqualTo("child JVM exited with code 1: Exception in thread main: boom");
        assertThat(ChildJvm.errorOf(List.of(), 137)).contains("killed by signal 9");
    }
}
