package io.github.resnetspi.djl.pytorch;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.conformance.BackendConformanceKit;

class DjlPytorchConformanceTest extends BackendConformanceKit {
    @Override
    protected Backend provider() {
        return new DjlPytorchProvider();
    }
}
