package io.github.resnetspi.djl.mxnet;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.conformance.BackendConformanceKit;

class DjlMxnetConformanceTest extends BackendConformanceKit {
    @Override
    protected Backend provider() {
        return new DjlMxnetProvider();
    }
}
