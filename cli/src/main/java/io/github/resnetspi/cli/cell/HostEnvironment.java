package io.github.resnetspi.cli.cell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine a run used, as benchmark reports record it: host name, CPU model ({@code /proc/cpuinfo}), the
 * processors the JVM may use, memory, JVM, operating system and, when the run used a GPU, the GPUs with their driver
 * and CUDA version as {@code nvidia-smi} reports them. Unknown fields are {@code unknown}; {@code gpus} is null when
 * no GPU was used.
 */
public record HostEnvironment(String host, String cpu, int processors, long memoryMib, String jvm, String os,
                              String gpus, String cudaVersion) {

    /** This machine; {@code gpuUsed} asks {@code nvidia-smi} for the GPUs. */
    public static HostEnvironment current(boolean gpuUsed) {
        return new HostEnvironment(hostName(), cpuModel(), Runtime.getRuntime().availableProcessors(), probeMemoryMib(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vm.vendor") + ")",
                osName(), gpuUsed ? probeGpus() : null, gpuUsed ? probeCudaVersion() : null);
    }

    /** One line for logs: {@code AMD EPYC, 2 processors, 23 GiB, Linux 6.1 amd64}. */
    public String summary() {
        return cpu + ", " + processors + " processors, " + (memoryMib > 0 ? (memoryMib / 1024) + " GiB, " : "") + os
                + (gpus != null ? ", GPU " + gpus : "");
    }

    /** The host as a report's environment section lists it, one Markdown bullet per fact. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("- host: `").append(Formats.md(host)).append("`\n")
                .append("- CPU: ").append(Formats.md(cpu)).append(", ").append(processors).append(" processors available to the JVM\n")
                .append("- memory: ").append(memoryMib > 0 ? memoryMib + " MiB" : "unknown").append('\n')
                .append("- JVM: ").append(Formats.md(jvm)).append('\n')
                .append("- OS: ").append(Formats.md(os)).append('\n');
        if (gpus != null) {
            sb.append("- GPU: ").append(Formats.md(gpus)).append(", CUDA ").append(Formats.md(cudaVersion)).append('\n');
        }
        return sb.toString();
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        return firstLine(Path.of("/etc/hostname"), "unknown");
    }

    private static String cpuModel() {
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return System.getProperty("os.arch", "unknown");
    }

    private static long probeMemoryMib() {
        for (String line : lines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                try {
                    return Long.parseLong(line.substring(9).strip().split("\\s+")[0]) / 1024;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static String osName() {
        String base = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
        for (String line : lines(Path.of("/etc/os-release"))) {
            if (line.startsWith("PRETTY_NAME=")) {
                return line.substring(12).replace("\"", "").strip() + ", " + base;
            }
        }
        return base;
    }

    private static String probeGpus() {
        List<String> out = run("nvidia-smi", "--query-gpu=index,name,driver_version", "--format=csv,noheader");
        if (out == null || out.isEmpty()) {
            return "unknown (nvidia-smi gave no answer)";
        }
        return String.join("; ", out.stream().map(l -> {
            String[] f = l.split(",\\s*");
            return f.length == 3 ? "gpu:" + f[0] + " " + f[1] + " (driver " + f[2] + ")" : l.strip();
        }).toList());
    }

    private static String probeCudaVersion() {
        List<String> out = run("nvidia-smi");
        if (out != null) {
            for (String line : out) {
                int at = line.indexOf("CUDA Version:");
                if (at >= 0) {
                    return line.substring(at + 13).replace("|", "").strip();
                }
            }
        }
        return "unknown";
    }

    /** The command's stdout lines, or null when it cannot run, fails or hangs. */
    private static List<String> run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.exitValue() == 0 ? text.lines().filter(l -> !l.isBlank()).toList() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String firstLine(Path file, String fallback) {
        List<String> l = lines(file);
        return l.isEmpty() || l.get(0).isBlank() ? fallback : l.get(0).strip();
    }
}
