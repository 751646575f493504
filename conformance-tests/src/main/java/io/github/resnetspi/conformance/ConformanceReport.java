package io.github.resnetspi.conformance;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.BackendInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The result of running the kit against one backend: every check with its status and, for numeric checks, the
 * largest observed error and its tolerance. Written as {@code <backend>.json} and {@code <backend>.md}.
 *
 * @param backend       the backend's name
 * @param engine        its engine
 * @param engineVersion the engine's version
 * @param createdAt     when the run ended (ISO-8601)
 * @param checks        one row per check, in the order they ran
 */
public record ConformanceReport(String backend, String engine, String engineVersion, String createdAt,
                                List<CheckResult> checks) {
    /** System property naming the report directory; default {@code target/conformance}. */
    public static final String OUT_PROPERTY = "resnetspi.conformance.out";

    private static final Map<String, ConformanceReport> LATEST = new ConcurrentHashMap<>();

    /**
     * Keeps an immutable copy of the checks.
     *
     * @param backend       the backend's name
     * @param engine        its engine
     * @param engineVersion the engine's version
     * @param createdAt     when the run ended (ISO-8601)
     * @param checks        one row per check, in the order they ran
     */
    public ConformanceReport {
        checks = List.copyOf(checks);
    }

    static ConformanceReport of(Backend provider, List<CheckResult> checks) {
        BackendInfo info = provider.info();
        return new ConformanceReport(provider.name(), info.engine(), info.engineVersion(), Instant.now().toString(), checks);
    }

    /** @return the report directory this JVM writes to: {@value #OUT_PROPERTY}, default {@code target/conformance} */
    public static Path outputDirectory() {
        return Path.of(System.getProperty(OUT_PROPERTY, "target/conformance"));
    }

    /**
     * @param backend a backend's name
     * @return the last report written in this JVM for {@code backend}, or null
     */
    public static ConformanceReport latest(String backend) {
        return LATEST.get(backend);
    }

    static void forget(String backend) {
        LATEST.remove(backend);
    }

    static void remember(ConformanceReport report) {
        LATEST.put(report.backend(), report);
    }

    /**
     * @param status an outcome
     * @return how many checks had it
     */
    public long count(CheckStatus status) {
        return checks.stream().filter(c -> c.status() == status).count();
    }

    /** @return true when no check failed (unsupported checks are not failures) */
    public boolean conforms() {
        return count(CheckStatus.FAILED) == 0;
    }

    /**
     * @param id a check id, e.g. {@code forwardOp[batchnorm]}
     * @return that check's row
     * @throws IllegalArgumentException if the report has no such check
     */
    public CheckResult check(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no check '" + id + "' in the report of " + backend));
    }

    /**
     * Writes {@code <backend>.json} and {@code <backend>.md} into {@code dir}.
     *
     * @param dir the report directory, created if needed
     * @throws IOException if a file cannot be written
     */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(backend + ".json"), toJson(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(backend + ".md"), toMarkdown(), StandardCharsets.UTF_8);
    }

    /** @return the report as JSON: backend, engine, summary and one row per check */
    public String toJson() {
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
        JsonObject root = new JsonObject();
        root.addProperty("backend", backend);
        root.addProperty("engine", engine);
        root.addProperty("engineVersion", engineVersion);
        root.addProperty("createdAt", createdAt);
        JsonObject summary = new JsonObject();
        for (CheckStatus s : CheckStatus.values()) {
            summary.addProperty(s.name().toLowerCase(Locale.ROOT), count(s));
        }
        summary.addProperty("conforms", conforms());
        root.add("summary", summary);
        JsonArray rows = new JsonArray();
        for (CheckResult c : checks) {
            JsonObject row = new JsonObject();
            row.addProperty("id", c.id());
            row.addProperty("contract", c.contract());
            row.addProperty("status", c.status().name().toLowerCase(Locale.ROOT));
            if (!Double.isNaN(c.tolerance())) {
                row.addProperty("maxError", c.maxError());
                row.addProperty("tolerance", c.tolerance());
                row.addProperty("worstAt", c.worstAt());
            }
            if (c.message() != null) {
                row.addProperty("message", c.message());
            }
            row.addProperty("seconds", Math.round(c.seconds() * 1000) / 1000.0);
            rows.add(row);
        }
        root.add("checks", rows);
        return gson.toJson(root) + "\n";
    }

    /** @return the report as a Markdown table, one row per check */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Conformance report: ").append(backend).append("\n\n");
        sb.append("Engine ").append(engine).append(' ').append(engineVersion).append(", ").append(createdAt).append(".\n\n");
        sb.append("**").append(count(CheckStatus.PASSED)).append(" passed, ").append(count(CheckStatus.FAILED))
                .append(" failed, ").append(count(CheckStatus.UNSUPPORTED)).append(" unsupported, ")
                .append(count(CheckStatus.SKIPPED)).append(" skipped** — ")
                .append(conforms() ? "conforms" : "DOES NOT CONFORM").append(".\n\n");
        sb.append("| check | contract | status | max error | tolerance | worst at | s | note |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (CheckResult c : checks) {
            boolean numeric = !Double.isNaN(c.tolerance());
            sb.append("| `").append(c.id()).append("` | ").append(cell(c.contract())).append(" | ")
                    .append(c.status().name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(numeric ? String.format(Locale.ROOT, "%.2e", c.maxError()) : "").append(" | ")
                    .append(numeric ? String.format(Locale.ROOT, "%.0e", c.tolerance()) : "").append(" | ")
                    .append(numeric && c.worstAt() != null ? cell(c.worstAt()) : "").append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f", c.seconds())).append(" | ")
                    .append(c.message() == null ? "" : cell(abbreviate(c.message()))).append(" |\n");
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        String oneLine = s.replace('\n', ' ');
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 297) + "...";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }
}
