package io.github.resnetspi.tensorflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The CPU feature flags Linux reports, which decide TensorFlow's default kernels. */
final class CpuFlags {
    private CpuFlags() {
    }

    /** @return the first processor's flags from /proc/cpuinfo, or none where it cannot be read */
    static List<String> read() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags"))
                    .findFirst().map(l -> List.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))).orElse(List.of());
        } catch (IOException e) {
            return List.of(); // only a report detail: "off" is then TF's guess too
        }
    }
}
