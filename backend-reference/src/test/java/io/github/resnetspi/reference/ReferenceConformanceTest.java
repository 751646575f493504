package io.github.resnetspi.reference;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.conformance.BackendConformanceKit;

/** The reference backend passes its own kit: exactly how every backend module uses the kit. */
class ReferenceConformanceTest extends BackendConformanceKit {
    @Override
    protected Backend provider() {
        return new ReferenceProvider();
    }
}
