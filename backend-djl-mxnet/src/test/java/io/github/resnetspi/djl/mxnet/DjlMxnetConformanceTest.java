package io.github.resnetspi.djl.mxnet;

import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.conformance.BackendConformanceKit;

class DjlMxnetConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new DjlMxnetProvider();
    }
}
