package io.github.resnetspi.cli.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.cli.Main;
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
    @DisplayName("a child killed by SIGKILL or SIGTERM says so, not what its engine happened to log last")
    void killed() {
        List<String> tensorflowLog = List.of("2026-12-01 23:11:02.123: I tensorflow/core/util/port.cc:153] oneDNN custom "
                + "operations are on. You may see slightly different numerical results");
        assertThat(ChildJvm.errorOf(tensorflowLog, 137)).isEqualTo("the child JVM was killed by signal 9 (SIGKILL, exit "
                + "code 137): kill -9, or the kernel's out-of-memory killer (see dmesg)");
        assertThat(ChildJvm.errorOf(tensorflowLog, 143)).isEqualTo("the child JVM was killed by signal 15 (SIGTERM, exit code 143)");
        assertThat(ChildJvm.errorOf(List.of(), 137)).contains("killed by signal 9");
    }

    @Test
    @DisplayName("otherwise the last stderr line, with the signal an exit code above 128 stands for")
    void otherwise() {
        assertThat(ChildJvm.errorOf(List.of("first", "Exception in thread main: boom", ""), 1))
                .isEqualTo("child JVM exited with code 1: Exception in thread main: boom");
        assertThat(ChildJvm.errorOf(List.of("terminate called after throwing an instance of 'c10::Error'"), 134))
                .isEqualTo("child JVM exited with code 134 (signal 6, SIGABRT): terminate called after throwing an instance of 'c10::Error'");
        assertThat(ChildJvm.errorOf(List.of(), 3)).isEqualTo("child JVM exited with code 3 without a message");
    }

    @Test
    @DisplayName("a child gets the parent's system properties and heap settings, never its agents or backend choice")
    void inheritedOptions() {
        assertThat(ChildJvm.inherited("-Dresnetspi.threads=2")).isTrue();
        assertThat(ChildJvm.inherited("-Xmx8g")).isTrue();
        assertThat(ChildJvm.inherited("-XX:MaxRAMPercentage=50")).isTrue();
        assertThat(ChildJvm.inherited("-Dresnetspi.backend=tensorflow")).isFalse();
        assertThat(ChildJvm.inherited("-javaagent:/x/jacoco.jar")).isFalse();
        assertThat(ChildJvm.inherited("-agentlib:jdwp=transport=dt_socket,server=y,address=5005")).isFalse();
        assertThat(ChildJvm.command("reference", List.of("train"))).contains("-Dresnetspi.backend=reference")
                .containsSubsequence("-cp", System.getProperty("java.class.path"), Main.class.getName(), "train");
    }
}
