package io.github.resnetspi.cli.report;

import java.util.Locale;

/** Number and text formatting shared by the report's Markdown and CSV files. */
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
}
