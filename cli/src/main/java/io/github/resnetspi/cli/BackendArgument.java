package io.github.resnetspi.cli;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.BackendSelectionException;
import io.github.resnetspi.api.Backends;

/**
 * The backend a command's {@code --backend NAME} selects. A name that is not found is a bad argument
 * ({@link UsageException}, exit code 2, as for every other unknown name); the message lists the backends found.
 * Without a name the default selection applies, whose failures (no backend at all, or one named by
 * {@value Backends#PROPERTY} / {@value Backends#ENV} that is absent) stay exit code 1.
 */
final class BackendArgument {
    private BackendArgument() {
    }

    static Backend select(String name) {
        Backends backends = Backends.discover();
        if (name == null) {
            return backends.selected();
        }
        try {
            return backends.get(name);
        } catch (BackendSelectionException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
