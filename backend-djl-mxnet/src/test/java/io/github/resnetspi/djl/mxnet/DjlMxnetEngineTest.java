package io.github.resnetspi.djl.mxnet;

import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.djl.DjlEngineChecks;

class DjlMxnetEngineTest extends DjlEngineChecks {
    @Override
    protected BackendProvider provider() {
        return new DjlMxnetProvider();
    }
}
