package io.github.resnetspi.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.Backend;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.runner.JUnitCore;
import org.junit.runner.Result;

/**
 * A kit subclass run by JUnit 4, as a JUnit 4-only Surefire runs it, fails saying why; the whole build of such a
 * backend under Surefire 2.12.4 is shown by the examples module's {@code StandalonePomsTest}.
 */
@DisplayName("A JUnit 4-only run of the kit fails, saying that Surefire 3 is needed")
class RequiresJUnitPlatformTest {
    /**
     * Not a test class of its own: static nested classes are neither discovered by Jupiter nor run by Surefire. JUnit 4
     * never instantiates it, so it needs no backend.
     */
    static class AnyBackendKit extends BackendConformanceKit {
        @Override
        protected Backend provider() {
            throw new AssertionError("a JUnit 4 run must fail before asking for the backend");
        }
    }

    @Test
    @DisplayName("JUnit 4 reports exactly one failure, naming the class and the Surefire version to pin")
    void junit4RunFails() {
        Result result = JUnitCore.runClasses(AnyBackendKit.class);
        assertThat(result.getRunCount()).isEqualTo(1);
        assertThat(result.getFailures()).singleElement().satisfies(f -> assertThat(f.getMessage())
                .startsWith(RequiresJUnitPlatform.MESSAGE_START + " for " + AnyBackendKit.class.getName())
                .contains("Maven Surefire before 2.22, such as 2.12.4")
                .contains("Pin maven-surefire-plugin 3.2.5 or later"));
        assertThat(result.wasSuccessful()).isFalse();
    }
}
