package io.github.resnetspi.dl4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Which of ND4J's x86-64 native builds this process loads: the AVX-512 build on a CPU with AVX-512 (F, BW, DQ, VL,
 * CD), else the AVX2 build on a CPU with AVX2 and FMA, else the generic build, each only when its jar
 * ({@code org.nd4j:nd4j-native} with that classifier) is on the class path. JavaCPP picks the build by the system
 * property {@value #EXTENSION_PROPERTY}; a value the user set wins.
 *
 * @param classifier the Maven classifier of the build, e.g. {@code linux-x86_64-avx512}
 * @param source     why this build: the CPU's flags, or the user's property
 */
record NativeBuild(String classifier, String source) {
    /** JavaCPP's switch between builds of one library for one platform. */
    static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    static final String PLATFORM = "linux-x86_64";
    private static final String BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/";

    /** The build for this CPU; sets {@value #EXTENSION_PROPERTY} when the user did not. Call before ND4J loads. */
    static NativeBuild choose() {
        String user = System.getProperty(EXTENSION_PROPERTY);
        if (user != null) {
            return new NativeBuild(PLATFORM + user, "system property " + EXTENSION_PROPERTY + "=" + user);
        }
        Set<String> flags = cpuFlags();
        String extension;
        String why;
        if (flags.containsAll(List.of("avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd")) && onClassPath("-avx512")) {
            extension = "-avx512";
            why = "the CPU has AVX-512";
        } else if (flags.containsAll(List.of("avx2", "fma")) && onClassPath("-avx2")) {
            extension = "-avx2";
            why = "the CPU has AVX2" + (flags.contains("avx512f") ? " (the AVX-512 build is not on the class path)" : "");
        } else {
            extension = "";
            why = flags.contains("avx2") ? "no build for this CPU's AVX level on the class path" : "the CPU has no AVX2";
        }
        System.setProperty(EXTENSION_PROPERTY, extension);
        return new NativeBuild(PLATFORM + extension, why);
    }

    private static boolean onClassPath(String extension) {
        return NativeBuild.class.getClassLoader().getResource(BINDINGS + PLATFORM + extension + "/") != null;
    }

    /** The flags of the first processor in /proc/cpuinfo; empty where there is none (not Linux). */
    static Set<String> cpuFlags() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("flags"))
                    .findFirst()
                    .map(l -> Set.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+")))
                    .orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    @Override
    public String toString() {
        return classifier + " (" + source + ")";
    }
}
