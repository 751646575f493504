package com.example.sample;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.conformance.BackendConformanceKit;

// tag::kit[]
/** The whole conformance kit against the sample backend: what a backend module's test suite is. */
class SampleConformanceTest extends BackendConformanceKit {
    @Override
    protected Backend provider() {
        return new SampleProvider();
    }
}
// end::kit[]
