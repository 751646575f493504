package io.github.resnetspi.cli.inference;

import io.github.resnetspi.cli.report.MachineLoad;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's load while a child process ran, read by the parent: {@link MachineLoad.Sample} with the CPU time of
 * this process's ended children counted as its own ({@code cutime} and {@code cstime} of {@code /proc/self/stat}), so
 * that the side being measured is not taken for another process.
 */
final class ProcessLoad {
    private ProcessLoad() {
    }

    /** @return the counters now, or null where they cannot be read */
    static MachineLoad.Sample now() {
        MachineLoad.Sample s = MachineLoad.Sample.now();
        if (s == null) {
            return null;
        }
        try {
            String self = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            String[] after = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
            // cutime and cstime are fields 16 and 17 of /proc/self/stat: index 13 and 14 after the name
            long children = Long.parseLong(after[13]) + Long.parseLong(after[14]);
            return new MachineLoad.Sample(s.total(), s.idle(), s.steal(), s.own() + children, s.loadAverage());
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** The load between {@code start} and now. */
    static MachineLoad since(MachineLoad.Sample start) {
        return MachineLoad.between(start, now(), Runtime.getRuntime().availableProcessors());
    }
}
