package io.github.resnetspi.cli;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.BackendSelectionException;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.Capability;
import io.github.resnetspi.cli.args.UsageException;

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

    /**
     * {@link #select} for a command that trains: a backend that declares {@link Capability#TRAINING} unsupported by
     * design (an inference-only backend) is a bad argument, refused before any engine or data loads.
     */
    static Backend selectForTraining(String name, String command) {
        Backend p = select(name);
        String why = whyNotTraining(p);
        if (why != null) {
            throw cannotTrain(p.name(), why, command);
        }
        return p;
    }

    /** @return why {@code p} cannot train, as it declares without loading its engine, or null when it can */
    static String whyNotTraining(Backend p) {
        return p.unsupportedByDesign().get(Capability.TRAINING);
    }

    /** The one message for a command that would train an inference-only backend. */
    static UsageException cannotTrain(String backend, String why, String command) {
        return new UsageException("backend '" + backend + "' does not train (" + why + "): '" + command + "' trains every"
                + " backend it runs; run a checkpoint on it with 'resnet-spi evaluate --backend " + backend
                + " --weights FILE'");
    }
}
