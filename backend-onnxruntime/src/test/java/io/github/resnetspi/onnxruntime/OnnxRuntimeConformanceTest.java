package io.github.resnetspi.onnxruntime;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.conformance.BackendConformanceKit;

/** The shared conformance kit, run against this inference-only backend: forward checks pass, training is unsupported. */
class OnnxRuntimeConformanceTest extends BackendConformanceKit {
    @Override
    protected Backend provider() {
        return new OnnxRuntimeProvider();
    }
}
