package io.github.resnetspi.dl4j;

import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.conformance.BackendConformanceKit;

/** The shared conformance kit, run against this backend. */
class Dl4jConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new Dl4jProvider();
    }
}
