package io.github.resnetspi.djl.mxnet;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.djl.DjlEngineChecks;

class DjlMxnetEngineTest extends DjlEngineChecks {
    @Override
    protected Backend provider() {
        return new DjlMxnetProvider();
    }
}
