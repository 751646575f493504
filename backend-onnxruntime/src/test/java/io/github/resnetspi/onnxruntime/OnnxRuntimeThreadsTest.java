package io.github.resnetspi.onnxruntime;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.conformance.ThreadSettingChecks;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The neutral thread setting sizes each ONNX Runtime session's intra-op pool. */
class OnnxRuntimeThreadsTest extends ThreadSettingChecks {
    @Override
    protected String backend() {
        return OnnxRuntimeProvider.NAME;
    }

    /** Every session has its own pools, sized when it opens. */
    @Override
    protected boolean threadsChangeAfterLoad() {
        return true;
    }

    @Test
    @DisplayName("threads: the session's pool really grows with the setting (the process gains its worker threads)")
    void sessionPoolGrowsWithTheSetting() throws IOException {
        Map<String, String> one = probeWithThreads(1);
        Map<String, String> four = probeWithThreads(4);
        assertThat(four.get("inter-op threads")).startsWith("1 ");
        long extra = Long.parseLong(four.get("process threads")) - Long.parseLong(one.get("process threads"));
        assertThat(extra).as("process threads with 4 intra-op threads minus with 1: %s vs %s", four, one)
                .isGreaterThanOrEqualTo(3);
    }
}
