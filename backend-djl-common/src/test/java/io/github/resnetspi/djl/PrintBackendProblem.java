package io.github.resnetspi.djl;

import io.github.resnetspi.api.Backend;

/** Child-JVM entry point of {@link DjlEngineChecks}: prints what a provider (class name in args[0]) says is wrong. */
public final class PrintBackendProblem {
    private PrintBackendProblem() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        Backend p = (Backend) Class.forName(args[0]).getConstructor().newInstance();
        System.out.println("problem: " + p.info().problem());
    }
}
