package io.github.resnetspi.djl.mxnet;

import io.github.resnetspi.conformance.ThreadSettingChecks;

class DjlMxnetThreadsTest extends ThreadSettingChecks {
    @Override
    protected String backend() {
        return DjlMxnetProvider.NAME;
    }

    @Override
    protected boolean threadsChangeAfterLoad() {
        return false;
    }
}
