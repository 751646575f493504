package io.github.resnetspi.bench;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.Role;

/** Prints the name of every backend on the class path (one a line, yardsticks such as the float64 reference left out), for the scripts. */
public final class ListBackends {
    private ListBackends() {
    }

    public static void main(String[] args) {
        for (Backend p : Backends.discover().providers()) {
            if (!p.roles().contains(Role.YARDSTICK)) {
                System.out.println(p.name());
            }
        }
    }
}
