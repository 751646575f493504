package io.github.resnetspi.dl4j;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.conformance.BackendConformanceKit;

/** The shared conformance kit, run against this backend. */
class Dl4jConformanceTest extends BackendConformanceKit {
    @Override
    protected Backend provider() {
        return new Dl4jProvider();
    }
}
