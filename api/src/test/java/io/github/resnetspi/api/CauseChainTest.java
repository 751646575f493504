package io.github.resnetspi.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The cause chain of a native-load failure, for one-line messages")
class CauseChainTest {
    @Test
    @DisplayName("MXNet's chain: wrappers without a message are skipped, the root cause comes last, never 'null'")
    void mxnet() {
        Throwable chain = new ExceptionInInitializerError(new IllegalStateException("Failed to load MXNet native library",
                new ExceptionInInitializerError(new IllegalStateException("Failed to extract MXNet native library",
                        new FileSystemException("/home/u/.djl.ai/mxnet", null, "Not a directory")))));
        assertThat(BackendUnavailableException.causeChain(chain)).isEqualTo("Failed to load MXNet native library: Failed"
                + " to extract MXNet native library: /home/u/.djl.ai/mxnet: Not a directory");
    }

    @Test
    @DisplayName("a permission problem says so, although AccessDeniedException's own message is only the path")
    void accessDenied() {
        Throwable chain = new RuntimeException("Failed to extract PyTorch native library",
                new AccessDeniedException("/home/u/.djl.ai/pytorch"));
        assertThat(BackendUnavailableException.causeChain(chain))
                .isEqualTo("Failed to extract PyTorch native library: /home/u/.djl.ai/pytorch: permission denied");
    }

    @Test
    @DisplayName("repeated text is given once, line breaks become spaces, a very long chain keeps its root cause")
    void shape() {
        Throwable inner = new UnsatisfiedLinkError("libgomp.so.1: cannot open\nshared object file");
        assertThat(BackendUnavailableException.causeChain(new RuntimeException(inner.toString(), inner)))
                .isEqualTo("libgomp.so.1: cannot open shared object file");
        Throwable longChain = new RuntimeException("x".repeat(1000), new IllegalStateException("the root"));
        assertThat(BackendUnavailableException.causeChain(longChain)).hasSizeLessThan(400).endsWith(": ...: the root");
        assertThat(BackendUnavailableException.causeChain(new ExceptionInInitializerError())).isEqualTo("a failure that gave no reason");
    }
}
