package io.github.resnetspi.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.DeviceRequest;
import io.github.resnetspi.conformance.CheckResult;
import io.github.resnetspi.conformance.CheckStatus;
import io.github.resnetspi.conformance.ConformanceReport;
import io.github.resnetspi.conformance.ConformanceRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit is worth what it catches. Runs every mutant of {@link MutantCatalogue} through the {@link ConformanceRunner}
 * on the checks it names (only those, to fit the CI budget), asserts that each of them fails and that the best fails
 * by at least the mutant's required margin, writes the table to {@code target/mutants.md}, and fails when the table in
 * the module's README differs from it (run with {@value #WRITE_README} = true to rewrite it). That the unmutated
 * reference passes the same checks is {@code ReferenceConformanceTest}'s job, the float32 control's
 * {@code ConformanceRunnerTest}'s.
 */
class MutantCatalogueTest {
    static final String WRITE_README = "resnetspi.mutants.writeReadme";
    private static final Path README = Path.of("README.md");
    private static final Path TABLE = Path.of("target", "mutants.md");
    private static final String BEGIN = "<!-- mutant table: written by MutantCatalogueTest from this module's run; do not edit by hand -->";
    private static final String END = "<!-- end of mutant table -->";

    /** Every semantic docs/semantics.md pins, as the catalogue names them. */
    private static final Set<String> PINNED = Set.of("padding per side", "max-pool padding", "avg-pool divisor", "BN ε",
            "BN momentum", "BN biased-vs-unbiased variance", "BN train-vs-eval statistics", "dense layout", "dense bias",
            "conv bias", "flatten order", "ReLU", "add", "GAP", "loss reduction", "SGD momentum form",
            "weight decay target", "weight decay order", "learning-rate schedule", "gradient reporting",
            "state export names", "initialisation");

    @Test
    @DisplayName("every semantic the API pins has at least one mutant, and mutant ids are unique")
    void everyPinnedSemanticHasAMutant() {
        Set<String> covered = new TreeSet<>();
        MutantCatalogue.all().forEach(m -> covered.add(m.semantic()));
        assertThat(covered).containsExactlyInAnyOrderElementsOf(PINNED);
        assertThat(MutantCatalogue.all().stream().map(Mutant::id).distinct().count()).isEqualTo(MutantCatalogue.all().size());
    }

    @Test
    @DisplayName("every mutant fails every check it names, the best by its required margin (10× its tolerance for "
            + "numeric checks); the README's table is this run's")
    void everyMutantIsKilled() throws IOException {
        Path reports = Path.of("target", "mutant-reports");
        SoftAssertions soft = new SoftAssertions();
        List<String> rows = new ArrayList<>();
        for (Mutant m : MutantCatalogue.all()) {
            ConformanceReport report = ConformanceRunner.run(m.backend(), DeviceRequest.CPU, reports, m.checks());
            double best = 0;
            boolean first = true;
            for (String id : m.checks()) {
                CheckResult c = report.check(id);
                soft.assertThat(c.status()).as("mutant %s, check %s: %s", m.id(), id, c.message()).isEqualTo(CheckStatus.FAILED);
                Kill kill = Kill.of(c);
                best = Math.max(best, kill.margin());
                rows.add(row(first ? m : null, id, kill));
                first = false;
            }
            soft.assertThat(best).as("mutant %s: the best margin of %s", m.id(), m.checks()).isGreaterThanOrEqualTo(m.requiredMargin());
        }
        String table = table(rows);
        Files.createDirectories(TABLE.getParent());
        Files.writeString(TABLE, table, StandardCharsets.UTF_8);
        soft.assertAll();
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("the README's mutant table markers").isNotNegative();
        assertThat(end).as("the README's mutant table markers").isGreaterThan(begin);
        String committed = readme.substring(begin + BEGIN.length(), end).strip();
        if (!committed.equals(table.strip())) {
            if (Boolean.getBoolean(WRITE_README)) {
                Files.writeString(README, readme.substring(0, begin + BEGIN.length()) + "\n" + table + readme.substring(end),
                        StandardCharsets.UTF_8);
            } else {
                throw new AssertionError("backend-reference/README.md's mutant table differs from this run's (" + TABLE.toAbsolutePath()
                        + "): copy it between the markers, or rerun with -D" + WRITE_README + "=true");
            }
        }
    }

    /** How a check killed a mutant: the error and tolerance of its first comparison past tolerance, or an exact check. */
    record Kill(double error, double tolerance, String at, String message) {
        static Kill of(CheckResult c) {
            return new Kill(c.maxError(), c.tolerance(), c.worstAt(), c.message());
        }

        /** A numeric kill: an error measured against a positive tolerance, past it. */
        boolean numeric() {
            return tolerance > 0 && (Double.isNaN(error) || error > tolerance);
        }

        /** error / tolerance; infinite for a NaN error; 0 for a non-numeric kill. */
        double margin() {
            if (!numeric()) {
                return 0;
            }
            return Double.isNaN(error) ? Double.POSITIVE_INFINITY : error / tolerance;
        }
    }

    /** One killing check; {@code m} null on a mutant's second and later rows. */
    private static String row(Mutant m, String check, Kill k) {
        String error;
        String tolerance;
        String margin;
        if (k.numeric()) {
            error = Double.isNaN(k.error()) ? "NaN" : String.format(Locale.ROOT, "%.3g", k.error());
            tolerance = String.format(Locale.ROOT, "%.2g", k.tolerance());
            margin = Double.isInfinite(k.margin()) ? "∞" : String.format(Locale.ROOT, k.margin() >= 100 ? "%.0f×" : "%.1f×", k.margin());
        } else {
            error = "—";
            tolerance = "exact";
            margin = "fails: " + reason(k.message());
        }
        String mutant = m == null ? " | | " : "`" + m.id() + "` | " + m.semantic() + " | " + m.mistake();
        return "| " + mutant + " | `" + check + "` | " + error + " | " + tolerance + " | " + margin + " |";
    }

    /** The first clause of an exact check's failure message: what differed. */
    private static String reason(String message) {
        if (message == null) {
            return "passed";
        }
        String s = message.replaceFirst("^[\\w.]+(Error|Exception): ", "");
        int cut = s.indexOf(" ==>");
        s = cut >= 0 ? s.substring(0, cut) : s;
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static String table(List<String> rows) {
        return "| mutant | semantic | mistake | killing check | error | tolerance | margin |\n"
                + "|---|---|---|---|---|---|---|\n" + String.join("\n", rows) + "\n";
    }
}
