package io.github.resnetspi.cli.report;

import java.util.Locale;

/** Number and text formatting shared by the report's Markdown and CSV files. */
final class Formats {
    private Formats() {
    }

    /** {@code v} with {@code decimals} decimals; empty for NaN (nothing measured). */
    static String num(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String mib(long bytes) {
        return bytes < 0 ? "n/a" : num(bytes / (1024.0 * 1024.0), 0);
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }

    /** A Markdown table cell: pipes escaped, one line. */
    static String md(String s) {
        return nz(s).replace("|", "\\|").replace('\n', ' ').replace('\r', ' ');
    }

    static String csv(String s) {
        String v = nz(s);
        if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }
}
