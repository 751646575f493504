package io.github.resnetspi.cli.report;

import io.github.resnetspi.cli.cell.HostEnvironment;
import java.util.Locale;

/** Number and text formatting shared by the reports' Markdown and CSV files (training and inference). */
public final class Formats {
    private Formats() {
    }

    /** {@code v} with {@code decimals} decimals; empty for NaN (nothing measured). */
    public static String num(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    public static String mib(long bytes) {
        return bytes < 0 ? "n/a" : num(bytes / (1024.0 * 1024.0), 0);
    }

    public static String nz(String s) {
        return s == null ? "" : s;
    }

    /** A Markdown table cell: pipes escaped, one line. */
    public static String md(String s) {
        return nz(s).replace("|", "\\|").replace('\n', ' ').replace('\r', ' ');
    }

    public static String csv(String s) {
        String v = nz(s);
        if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    public static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    /**
     * @param e a host
     * @return the host as a report's environment section lists it, one Markdown bullet per fact
     */
    public static String host(HostEnvironment e) {
        StringBuilder sb = new StringBuilder();
        sb.append("- host: `").append(Formats.md(e.host())).append("`\n")
                .append("- CPU: ").append(Formats.md(e.cpu())).append(", ").append(e.processors()).append(" processors available to the JVM\n")
                .append("- memory: ").append(e.memoryMib() > 0 ? e.memoryMib() + " MiB" : "unknown").append('\n')
                .append("- JVM: ").append(Formats.md(e.jvm())).append('\n')
                .append("- OS: ").append(Formats.md(e.os())).append('\n');
        if (e.gpus() != null) {
            sb.append("- GPU: ").append(Formats.md(e.gpus())).append(", CUDA ").append(Formats.md(e.cudaVersion())).append('\n');
        }
        return sb.toString();
    }
}
