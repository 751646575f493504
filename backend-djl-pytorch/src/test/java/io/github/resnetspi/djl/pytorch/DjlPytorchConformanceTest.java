package io.github.resnetspi.djl.pytorch;

import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.conformance.BackendConformanceKit;

class DjlPytorchConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new DjlPytorchProvider();
    }
}
