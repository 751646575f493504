package io.github.resnetspi.cli.cell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How busy the machine was, apart from the run itself, while a cell trained: the share of the machine's CPU time that
 * other processes used, the share the hypervisor gave to other guests (steal, the {@code steal} column of
 * {@code /proc/stat}), and the 1-minute load average when training started. A cell is {@link #loaded()} when any of
 * them passes its threshold: its speed then says more about the machine than about the engine, and the report says
 * so next to its figures. Linux only; elsewhere the readings are unknown and nothing is flagged.
 *
 * @param othersPercent  CPU time of other processes, % of all processors' time over the training (-1 unknown)
 * @param stealPercent   CPU time stolen by the host, % of all processors' time over the training (-1 unknown)
 * @param loadAverage    1-minute load average when training started (-1 unknown)
 * @param processors     processors of the machine
 */
public record MachineLoad(double othersPercent, double stealPercent, double loadAverage, int processors) {
    /** Other processes' share of the CPU above which a cell's speed is not the engine's alone. */
    public static final double OTHERS_THRESHOLD_PERCENT = 20;
    /** Steal above which the host, not the engine, decides a cell's speed. */
    public static final double STEAL_THRESHOLD_PERCENT = 10;

    /**
     * CPU counters at one moment, in clock ticks: from {@code /proc/stat}'s {@code cpu} line (all processors) and
     * {@code /proc/self/stat} (this process).
     *
     * @param total       every column of the {@code cpu} line but guest time (counted in user already)
     * @param idle        idle and iowait
     * @param steal       steal
     * @param own         this process's user and system time
     * @param loadAverage the 1-minute load average
     */
    public record Sample(long total, long idle, long steal, long own, double loadAverage) {
        /** @return the machine's counters now, or null where {@code /proc} cannot be read (not Linux) */
        public static Sample now() {
            try {
                String[] cpu = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0).trim().split("\\s+");
                String self = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
                String[] after = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
                String load = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+")[0];
                return parse(cpu, after, load);
            } catch (IOException | RuntimeException e) {
                return null; // not Linux, or a /proc this does not understand: the load is unknown, and said to be
            }
        }

        static Sample parse(String[] cpu, String[] selfAfterName, String load) {
            long total = 0;
            for (int i = 1; i <= Math.min(8, cpu.length - 1); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(cpu[i]);
            }
            long idle = Long.parseLong(cpu[4]) + (cpu.length > 5 ? Long.parseLong(cpu[5]) : 0);
            long steal = cpu.length > 8 ? Long.parseLong(cpu[8]) : 0;
            // after the name: state(3) ... utime is field 14 and stime 15 of /proc/self/stat, i.e. index 11 and 12 here
            long own = Long.parseLong(selfAfterName[11]) + Long.parseLong(selfAfterName[12]);
            return new Sample(total, idle, steal, own, Double.parseDouble(load));
        }
    }

    /**
     * The load between two samples.
     *
     * @param start      when training started (null: unknown)
     * @param end        when it ended (null: unknown)
     * @param processors the machine's processors
     * @return the load; every reading -1 when either sample is unknown
     */
    public static MachineLoad between(Sample start, Sample end, int processors) {
        if (start == null || end == null || end.total() <= start.total()) {
            return new MachineLoad(-1, -1, start == null ? -1 : start.loadAverage(), processors);
        }
        double ticks = end.total() - start.total();
        double busy = ticks - (end.idle() - start.idle()) - (end.steal() - start.steal());
        double others = Math.max(0, busy - (end.own() - start.own()));
        return new MachineLoad(round(100 * others / ticks), round(100 * (end.steal() - start.steal()) / ticks),
                start.loadAverage(), processors);
    }

    /** @return whether the machine was busy enough, apart from this run, to make the cell's speed unrepresentative */
    public boolean loaded() {
        return !reasons().isEmpty();
    }

    /** @return what made the machine loaded, e.g. {@code other processes used 48 % of the CPU}; empty when nothing */
    public List<String> reasons() {
        List<String> out = new ArrayList<>();
        if (othersPercent > OTHERS_THRESHOLD_PERCENT) {
            out.add(String.format(Locale.ROOT, "other processes used %.0f %% of the CPU", othersPercent));
        }
        if (stealPercent > STEAL_THRESHOLD_PERCENT) {
            out.add(String.format(Locale.ROOT, "the host took %.0f %% of the CPU time (steal)", stealPercent));
        }
        if (processors > 0 && loadAverage > processors) {
            out.add(String.format(Locale.ROOT, "load average %.1f on %d processors at the start", loadAverage, processors));
        }
        return out;
    }

    /** @return one phrase for a report: {@code loaded: …} or {@code quiet}, with the readings */
    public String describe() {
        if (othersPercent < 0 && stealPercent < 0) {
            return "unknown (no /proc)";
        }
        String readings = String.format(Locale.ROOT, "others %.0f %%, steal %.0f %%, load %.1f/%d", othersPercent,
                stealPercent, loadAverage, processors);
        return loaded() ? "LOADED: " + String.join("; ", reasons()) + " (" + readings + ")" : "quiet (" + readings + ")";
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
