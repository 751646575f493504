package io.github.resnetspi.onnxruntime;

import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.conformance.BackendConformanceKit;

/** The shared conformance kit, run against this inference-only backend: forward checks pass, training is unsupported. */
class OnnxRuntimeConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new OnnxRuntimeProvider();
    }
}
