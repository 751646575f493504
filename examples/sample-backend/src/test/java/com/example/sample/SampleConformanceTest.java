package com.example.sample;

import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.conformance.BackendConformanceKit;

// tag::kit[]
/** The whole conformance kit against the sample backend: what a backend module's test suite is. */
class SampleConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new SampleProvider();
    }
}
// end::kit[]
