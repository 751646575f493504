package io.github.resnetspi.djl.mxnet;

import ai.djl.mxnet.jna.LibUtils;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * MXNet's own account of its CPU threads: {@code mxnet::engine::OpenMP::GetRecommendedOMPThreadCount}, the count
 * every MXNet operator's OpenMP team uses (and what its engine workers set for oneDNN). MXNet fixes it when its
 * library initialises, from {@code OMP_NUM_THREADS} (or {@code MXNET_OMP_MAX_THREADS}), else half the processors on x86;
 * the C API has no query, so the two exported C++ functions are called directly.
 */
final class MxnetThreads {
    private static final String GET = "_ZN5mxnet6engine6OpenMP3GetEv";
    private static final String RECOMMENDED = "_ZNK5mxnet6engine6OpenMP28GetRecommendedOMPThreadCountEb";

    private MxnetThreads() {
    }

    /** @return the number of threads MXNet's operators run with; MXNet must be loaded */
    static int recommended() {
        NativeLibrary lib = NativeLibrary.getInstance(LibUtils.getLibName());
        Pointer openMp = lib.getFunction(GET).invokePointer(new Object[0]);
        return lib.getFunction(RECOMMENDED).invokeInt(new Object[] {openMp, Boolean.TRUE});
    }
}
