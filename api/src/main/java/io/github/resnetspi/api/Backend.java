package io.github.resnetspi.api;

import io.github.resnetspi.api.graph.Network;
import java.util.Map;
import java.util.Set;

/**
 * A backend as an application sees it: a named engine that compiles a {@link Network} into a {@link Model}. Obtain one
 * from {@link Backends#select()}; backend authors implement {@link io.github.resnetspi.api.spi.BackendProvider}.
 * Getting a backend loads no native code: its engine loads on the first call to {@link #info()} or {@link #compile}.
 */
public interface Backend {
    /** The rank of a backend that does not declare one. */
    int DEFAULT_RANK = 100;

    /** @return the stable lower-case name users select the backend by, e.g. {@code djl-pytorch} */
    String name();

    /**
     * Preference among several backends on the class path when none is named: the lowest rank is selected (as DJL
     * ranks its engines). The project's engine backends declare 10–50 and the float64 reference 1000.
     *
     * @return this backend's rank; {@value #DEFAULT_RANK} unless overridden
     */
    default int rank() {
        return DEFAULT_RANK;
    }

    /** @return the roles this backend plays beyond running networks; none by default */
    default Set<Role> roles() {
        return Set.of();
    }

    /**
     * The Maven coordinates that provide this backend, for messages that tell a user what to add or keep on the
     * class path.
     *
     * @return {@code groupId:artifactId}; by default read from the {@code META-INF/maven/.../pom.properties} of the
     *         jar this backend's class comes from, or null when it has none
     */
    default String artifact() {
        return Artifacts.of(getClass());
    }

    /**
     * Loads the engine if needed; never throws: a failure to load is reported as unavailable with the reason and
     * what to do.
     *
     * @return the engine name and version, availability, the devices the engine sees and the settings in effect
     */
    BackendInfo info();

    /** @return the capabilities this backend lacks, each with the reason a user would read; empty when it has them all */
    default Map<Capability, String> unsupported() {
        return Map.of();
    }

    /**
     * The capabilities this backend lacks by design, whatever engine build or device it finds (e.g.
     * {@link Capability#TRAINING} for an inference-only backend), each with its reason; each is also in
     * {@link #unsupported()} with the same reason. Unlike that method this one never loads the engine, so that an
     * application can plan with it (a training comparison leaves out a backend that cannot train) without loading every
     * engine on the class path.
     *
     * @return a part of {@link #unsupported()}, known without loading the engine; empty by default
     */
    default Map<Capability, String> unsupportedByDesign() {
        return Map.of();
    }

    /**
     * Compiles {@code network} for the requested device, with initial state
     * {@link StateLayout#initialState(long) StateLayout.of(network, options).initialState(seed)}.
     *
     * @param network the network to run
     * @param options device, seed, momentum, weight decay and threads
     * @return a model holding the initial state
     * @throws UnsupportedCapabilityException if the network needs a capability this backend lacks
     * @throws BackendUnavailableException if the engine or the requested device cannot be used
     */
    Model compile(Network network, CompileOptions options);
}
