package io.github.resnetspi.bench.gpu;

import java.util.Locale;

/**
 * Builds one flat JSON object on one line, so the Java and the Python side of the GPU benchmark print results in the
 * same form and the driver script can read both with one parser.
 */
final class JsonLine {
    private final StringBuilder text = new StringBuilder("{");

    JsonLine put(String key, String value) {
        return raw(key, value == null ? "null" : quote(value));
    }

    JsonLine put(String key, long value) {
        return raw(key, Long.toString(value));
    }

    JsonLine put(String key, boolean value) {
        return raw(key, Boolean.toString(value));
    }

    /** A finite double with {@code decimals} digits after the point; NaN and infinities become null (JSON has none). */
    JsonLine put(String key, double value, int decimals) {
        boolean finite = !Double.isNaN(value) && !Double.isInfinite(value);
        return raw(key, finite ? String.format(Locale.ROOT, "%." + decimals + "f", value) : "null");
    }

    JsonLine put(String key, int[] values) {
        StringBuilder a = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            a.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return raw(key, a.append(']').toString());
    }

    @Override
    public String toString() {
        return text + "}";
    }

    private JsonLine raw(String key, String json) {
        text.append(text.length() == 1 ? "" : ", ").append(quote(key)).append(": ").append(json);
        return this;
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
