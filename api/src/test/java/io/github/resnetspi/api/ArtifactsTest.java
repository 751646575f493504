package io.github.resnetspi.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ArtifactsTest {
    @Test
    @DisplayName("a class from a Maven-built jar is traced to that jar's groupId:artifactId")
    void fromJar() {
        assertThat(Artifacts.of(org.assertj.core.api.Assertions.class)).isEqualTo("org.assertj:assertj-core");
    }

    @Test
    @DisplayName("a class from a classes directory has no artifact (messages then name the backend alone)")
    void fromDirectory() {
        assertThat(Artifacts.of(ArtifactsTest.class)).isNull();
    }
}
