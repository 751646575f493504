package io.github.resnetspi.cli.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.cli.Main;
import io.github.resnetspi.cli.testing.JvmProbe;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Child JVMs: what they inherit, and their errors")
class ChildJvmTest {
    @Test
    @DisplayName("our one-line error is taken as is")
    void ownError() {
        assertThat(ChildJvm.errorOf(List.of("log", ChildJvm.ERROR_PREFIX + "backend 'x' is not available: no natives", "x"), 1))
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

    private static Properties properties(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    @DisplayName("a child gets the parent's JVM options and its resnetspi/DJL/TensorFlow/logging properties; its own backend wins")
    void inheritsOptions() {
        List<String> parent = List.of("-Xmx3g", "-Dresnetspi.threads=2", "-Dfoo=bar", "-Dresnetspi.backend=tensorflow",
                "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-XX:+UseSerialGC");
        Properties props = properties("resnetspi.threads", "2", "resnetspi.tensorflow.intraOpThreads", "3",
                "ai.djl.pytorch.num_threads", "1", "ai.djl.offline", "false", "org.tensorflow.NativeLibrary.DEBUG", "1",
                "org.slf4j.simpleLogger.defaultLogLevel", "info", "resnetspi.backend", "tensorflow",
                "user.home", "/home/x", "foo", "bar");
        List<String> cmd = ChildJvm.command("djl-pytorch", List.of("train", "--epochs", "1"), parent, props);

        assertThat(cmd).contains("-Xmx3g", "-Dresnetspi.threads=2", "-Dfoo=bar", "-XX:+UseSerialGC",
                "-Dresnetspi.tensorflow.intraOpThreads=3", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.offline=false",
                "-Dorg.tensorflow.NativeLibrary.DEBUG=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        assertThat(cmd).as("a debugger agent's port is the parent's; other properties are not the child's business")
                .noneMatch(o -> o.startsWith("-agentlib:jdwp")).doesNotContain("-Duser.home=/home/x");
        assertThat(ChildJvm.inherited("-javaagent:/x/jacoco.jar")).as("agents stay with the parent").isFalse();
        assertThat(cmd).as("the parent's backend is dropped; the child's comes after every inherited option")
                .doesNotContain("-Dresnetspi.backend=tensorflow")
                .containsSubsequence("-Dai.djl.offline=false", "-Dresnetspi.backend=djl-pytorch", "-cp");
        assertThat(cmd).as("the defaults come first, so that the parent's -Dai.djl.offline=false wins over them")
                .containsSubsequence("-Dai.djl.offline=true", "-Xmx3g", "-Dai.djl.offline=false");
        assertThat(cmd.subList(cmd.size() - 4, cmd.size())).containsExactly(Main.class.getName(), "train", "--epochs", "1");
        assertThat(cmd).as("a property given on the command line is passed once").containsOnlyOnce("-Dresnetspi.threads=2");
    }

    @Test
    @DisplayName("the child's class path is absolute: a SLURM job or a child in another directory finds the same jars")
    void absoluteClassPath() {
        String cwd = java.nio.file.Path.of("").toAbsolutePath().toString();
        assertThat(ChildJvm.absoluteClassPath("cli/target/x.jar:/opt/lib/*:lib/*"))
                .isEqualTo(cwd + "/cli/target/x.jar:/opt/lib/*:" + cwd + "/lib/*");
        List<String> cmd = ChildJvm.command("reference", List.of("train"), List.of(), new Properties());
        String cp = cmd.get(cmd.indexOf("-cp") + 1);
        assertThat(cp.split(java.io.File.pathSeparator)).isNotEmpty().allMatch(e -> e.startsWith("/"));
    }

    @Test
    @DisplayName("a real child JVM sees the inherited heap limit and properties, and TensorFlow's quiet log level")
    void realChild() throws IOException {
        List<String> parent = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        parent.add("-Xmx200m");
        Properties props = properties("resnetspi.probe", "42", "ai.djl.probe", "on");
        List<String> cmd = new ArrayList<>(ChildJvm.command("reference", List.of(), parent, props));
        cmd.set(cmd.indexOf(Main.class.getName()), JvmProbe.class.getName());
        cmd.addAll(List.of("resnetspi.probe", "ai.djl.probe", "resnetspi.backend", "ai.djl.offline"));
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        int code = ChildJvm.run(cmd, out::add, err::add);

        assertThat(code).as("probe stderr: %s", err).isZero();
        long maxMemory = Long.parseLong(out.stream().filter(l -> l.startsWith("maxMemory=")).findFirst().orElseThrow()
                .substring("maxMemory=".length()));
        assertThat(maxMemory).as("the child's heap limit, from the inherited -Xmx200m").isLessThanOrEqualTo(200L << 20);
        String tfLevel = System.getenv("TF_CPP_MIN_LOG_LEVEL");
        assertThat(out).contains("resnetspi.probe=42", "ai.djl.probe=on", "resnetspi.backend=reference",
                "env.TF_CPP_MIN_LOG_LEVEL=" + (tfLevel != null ? tfLevel : ChildJvm.QUIET_TF_LOG_LEVEL));
        assertThat(out).as("offline unless the parent says otherwise")
                .contains("ai.djl.offline=" + System.getProperty("ai.djl.offline", "true"));
    }

}
