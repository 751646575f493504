package io.github.resnetspi.dl4j;

import io.github.resnetspi.conformance.ThreadSettingChecks;

/** The neutral thread setting reaches ND4J; a model may ask for another count after the natives loaded. */
class Dl4jThreadsTest extends ThreadSettingChecks {
    @Override
    protected String backend() {
        return Dl4jProvider.NAME;
    }

    @Override
    protected boolean threadsChangeAfterLoad() {
        return true;
    }
}
