package io.github.resnetspi.djl.pytorch;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.djl.DjlEngineChecks;

class DjlPytorchEngineTest extends DjlEngineChecks {
    @Override
    protected Backend provider() {
        return new DjlPytorchProvider();
    }
}
