package io.github.resnetspi.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.conformance.ThreadSettingChecks;
import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TensorFlowThreadsTest extends ThreadSettingChecks {
    @Override
    protected String backend() {
        return TensorFlowProvider.NAME;
    }

    @Override
    protected boolean threadsChangeAfterLoad() {
        return false;
    }

    /** TensorFlow's C API has no thread query; its pool is visible as native threads of the process instead. */
    @Test
    @DisplayName("threads: TensorFlow really starts one intra-op pool thread per requested thread")
    void poolThreadsFollowTheSetting() throws IOException {
        long one = Long.parseLong(probeWithThreads(1).get("process threads"));
        long four = Long.parseLong(probeWithThreads(4).get("process threads"));
        assertThat(four - one).as("threads of a process with 4 intra-op threads minus one with 1").isEqualTo(3);
    }
}
