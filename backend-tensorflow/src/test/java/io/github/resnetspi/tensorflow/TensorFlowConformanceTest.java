package io.github.resnetspi.tensorflow;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.conformance.BackendConformanceKit;

/** The shared conformance kit, run against this backend. */
class TensorFlowConformanceTest extends BackendConformanceKit {
    @Override
    protected Backend provider() {
        return new TensorFlowProvider();
    }
}
