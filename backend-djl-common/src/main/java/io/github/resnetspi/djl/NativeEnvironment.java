package io.github.resnetspi.djl;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * This process's environment as native libraries see it. Java cannot change its own environment, but OpenMP and
 * MKL read {@value #OMP_NUM_THREADS} when they load, so it is set through libc's {@code setenv} before an engine's
 * natives load. {@link System#getenv} keeps showing the environment the JVM started with: what the user set.
 */
final class NativeEnvironment {
    /** OpenMP's thread-count variable, read by libgomp, MKL and MXNet when they initialise. */
    static final String OMP_NUM_THREADS = "OMP_NUM_THREADS";

    /** The two libc functions needed. */
    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);

        String getenv(String name);
    }

    private static final LibC LIBC = Native.load("c", LibC.class);

    private NativeEnvironment() {
    }

    /** @return the value the user started the JVM with, or null */
    static String userValue(String name) {
        return System.getenv(name);
    }

    /** @return the value native code sees now, or null */
    static String nativeValue(String name) {
        return LIBC.getenv(name);
    }

    /**
     * Sets {@code name} for native code unless the user set it (the user's value wins).
     *
     * @return whether it was set here
     */
    static synchronized boolean setUnlessUserSet(String name, String value) {
        if (userValue(name) != null) {
            return false;
        }
        if (LIBC.setenv(name, value, 1) != 0) {
            throw new IllegalStateException("setenv(" + name + ") failed");
        }
        return true;
    }
}
