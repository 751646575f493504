package io.github.resnetspi.bench;

import ai.djl.mxnet.jna.JnaUtils;
import ai.djl.mxnet.jna.LibUtils;
import ai.djl.pytorch.jni.JniUtils;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engine's own op profiler around a number of training steps, for the DJL engines: libtorch's autograd profiler
 * (through DJL's JNI) and MXNet's profiler (its C API, called directly). Both write a Chrome trace, read by
 * {@link ChromeTrace}. TensorFlow reports its own step statistics through the model's
 * {@link io.github.resnetspi.api.StepObserver}.
 */
interface EngineProfiler {

    void start() throws IOException;

    /** @return op name to self milliseconds per step over the {@code steps} steps since {@link #start()} */
    Map<String, Double> stop(int steps) throws IOException;

    static EngineProfiler forBackend(String backend) {
        return switch (backend) {
            case "djl-pytorch" -> new Libtorch();
            case "djl-mxnet" -> new Mxnet();
            default -> throw new IllegalArgumentException("no engine profiler for backend " + backend);
        };
    }

    private static Map<String, Double> perStep(Map<String, Double> micros, int steps) {
        Map<String, Double> ms = new LinkedHashMap<>();
        micros.forEach((k, v) -> ms.put(k, v / 1000.0 / steps));
        return ms;
    }

    /** libtorch's profiler: records every ATen op and autograd function of this thread. */
    final class Libtorch implements EngineProfiler {
        private Path trace;

        @Override
        public void start() throws IOException {
            trace = Files.createTempFile("libtorch-profile", ".json");
            JniUtils.startProfile(false, false, false);
        }

        @Override
        public Map<String, Double> stop(int steps) throws IOException {
            JniUtils.stopProfile(trace.toString());
            try {
                return perStep(ChromeTrace.selfMicros(trace), steps);
            } finally {
                Files.deleteIfExists(trace);
            }
        }
    }

    /** MXNet's profiler in its "profile everything" mode, dumped when stopped. */
    final class Mxnet implements EngineProfiler {
        private Path trace;

        private static Function fn(String name) {
            return NativeLibrary.getInstance(LibUtils.getLibName()).getFunction(name);
        }

        private static void check(int rc, String call) {
            if (rc != 0) {
                throw new IllegalStateException(call + " failed with " + rc);
            }
        }

        @Override
        public void start() throws IOException {
            trace = Files.createTempFile("mxnet-profile", ".json");
            String[] keys = {"profile_all", "aggregate_stats", "filename"};
            String[] values = {"true", "false", trace.toString()};
            check(fn("MXSetProfilerConfig").invokeInt(new Object[] {keys.length, keys, values}), "MXSetProfilerConfig");
            check(fn("MXSetProfilerState").invokeInt(new Object[] {1}), "MXSetProfilerState(1)");
        }

        @Override
        public Map<String, Double> stop(int steps) throws IOException {
            JnaUtils.waitAll();
            check(fn("MXSetProfilerState").invokeInt(new Object[] {0}), "MXSetProfilerState(0)");
            check(fn("MXDumpProfile").invokeInt(new Object[] {1}), "MXDumpProfile");
            try {
                return perStep(ChromeTrace.selfMicros(trace), steps);
            } finally {
                Files.deleteIfExists(trace);
            }
        }
    }
}
