package io.github.resnetspi.djl;

import io.github.resnetspi.api.Threads;

/**
 * The OpenMP part of thread control, which both DJL engines' natives share: libgomp, MKL and MXNet size their thread
 * teams from {@value NativeEnvironment#OMP_NUM_THREADS} when they load, and otherwise default to the number of
 * physical cores (libtorch) or half the processors (MXNet on x86) — one core of two on a hyperthreaded 2-vCPU machine.
 * So the neutral thread count is written to that variable before the natives load, unless the user set it.
 */
final class OpenMpThreads {
    private static Threads.Count preset;

    private OpenMpThreads() {
    }

    /**
     * Sets {@code OMP_NUM_THREADS} for native code to {@code threads} unless the user set it.
     *
     * @param threads the neutral thread count and its source
     */
    static synchronized void preset(Threads.Count threads) {
        if (NativeEnvironment.setUnlessUserSet(NativeEnvironment.OMP_NUM_THREADS, Integer.toString(threads.threads()))) {
            preset = threads;
        }
    }

    /** @return the user's own {@code OMP_NUM_THREADS}, or null when the user did not set it */
    static String userValue() {
        return NativeEnvironment.userValue(NativeEnvironment.OMP_NUM_THREADS);
    }

    /** @return the value native code sees and who set it, e.g. {@code 2 (set by resnet-spi: default: all 2 ...)} */
    static synchronized String describe() {
        String now = NativeEnvironment.nativeValue(NativeEnvironment.OMP_NUM_THREADS);
        if (userValue() != null) {
            return now + " (set by the user)";
        }
        return now == null ? "unset" : now + " (set by resnet-spi before the natives loaded, from " + preset.source() + ")";
    }
}
