package io.github.resnetspi.djl;

import java.util.List;
import java.util.Optional;

/**
 * A jar an engine's natives come from, known by a resource only that jar holds. When the engine does not load, the
 * first one missing from the class path is the cause to name (rather than DJL's cache directory, which it then fails
 * to fill).
 *
 * @param resource a class-path resource only this jar holds, e.g. {@code native/lib/pytorch.properties}
 * @param artifact the Maven coordinates to put on the class path, as a user would write them
 */
public record NativeJar(String resource, String artifact) {

    /** @return whether {@link #resource} is on the class path that loaded DJL */
    boolean present() {
        return NativeJar.class.getClassLoader().getResource(resource) != null;
    }

    /**
     * @param jars an engine's native jars
     * @return the first of them that is not on the class path
     */
    static Optional<NativeJar> firstMissing(List<NativeJar> jars) {
        return jars.stream().filter(j -> !j.present()).findFirst();
    }
}
