package io.github.resnetspi.backend.tensorflow;

import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.conformance.BackendConformanceKit;

/** The shared conformance kit, run against this backend. */
class TensorFlowConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new TensorFlowProvider();
    }
}
