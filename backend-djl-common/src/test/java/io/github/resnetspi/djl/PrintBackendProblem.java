package io.github.resnetspi.djl;

import io.github.resnetspi.api.spi.BackendProvider;

/** Child-JVM entry point of {@link DjlEngineChecks}: prints what a provider (class name in args[0]) says is wrong. */
public final class PrintBackendProblem {
    private PrintBackendProblem() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        BackendProvider p = (BackendProvider) Class.forName(args[0]).getConstructor().newInstance();
        System.out.println("problem: " + p.info().problem());
    }
}
