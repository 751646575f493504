package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OpenMP's wait policy reaches the natives of both OpenMP engines before they load")
class OpenMpWaitPolicyTest {

    /** The engine's OMP_WAIT_POLICY detail, as native code sees it, from a JVM whose environment has {@code env} and no OMP_WAIT_POLICY. */
    private static String details(String backend, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "backend-info", "--backend", backend);
        pb.environment().remove("OMP_WAIT_POLICY");
        pb.environment().remove("RESNETSPI_OMP_WAIT");
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        String json = out.lines().filter(l -> l.startsWith(BackendInfoCommand.MARKER)).findFirst().orElseThrow()
                .substring(BackendInfoCommand.MARKER.length());
        return new com.google.gson.Gson().fromJson(json, com.google.gson.JsonObject.class).getAsJsonObject("details")
                .get("OMP_WAIT_POLICY").getAsString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"djl-pytorch", "djl-mxnet"})
    @DisplayName("RESNETSPI_OMP_WAIT=passive sets OMP_WAIT_POLICY=PASSIVE for the natives")
    void passive(String backend) throws Exception {
        assertThat(details(backend, Map.of("RESNETSPI_OMP_WAIT", "passive")))
                .isEqualTo("PASSIVE (set by resnet-spi from resnetspi.omp.wait / RESNETSPI_OMP_WAIT=passive)");
    }

    @Test
    @DisplayName("by default nothing is set, and the engine's details say so")
    void byDefault() throws Exception {
        assertThat(details("djl-pytorch", Map.of())).startsWith("unset: OpenMP's default");
    }

    @Test
    @DisplayName("an OMP_WAIT_POLICY the user set wins")
    void userWins() throws Exception {
        assertThat(details("djl-pytorch", Map.of("OMP_WAIT_POLICY", "ACTIVE", "RESNETSPI_OMP_WAIT", "passive")))
                .isEqualTo("ACTIVE (set by the user)");
    }
}
