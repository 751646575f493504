package io.github.resnetspi.djl.pytorch;

import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.djl.DjlEngineChecks;

class DjlPytorchEngineTest extends DjlEngineChecks {
    @Override
    protected BackendProvider provider() {
        return new DjlPytorchProvider();
    }
}
