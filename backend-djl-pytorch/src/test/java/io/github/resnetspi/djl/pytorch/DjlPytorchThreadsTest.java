package io.github.resnetspi.djl.pytorch;

import io.github.resnetspi.conformance.ThreadSettingChecks;

class DjlPytorchThreadsTest extends ThreadSettingChecks {
    @Override
    protected String backend() {
        return DjlPytorchProvider.NAME;
    }

    @Override
    protected boolean threadsChangeAfterLoad() {
        return true;
    }
}
