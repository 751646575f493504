package io.github.resnetspi.bench;

import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.spi.BackendProvider;

/** Prints the name of every backend on the class path (one a line, the float64 reference left out), for the scripts. */
public final class ListBackends {
    private ListBackends() {
    }

    public static void main(String[] args) {
        for (BackendProvider p : Backends.discover().providers()) {
            if (!p.name().equals("reference")) {
                System.out.println(p.name());
            }
        }
    }
}
