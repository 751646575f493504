package io.github.resnetspi.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.cli.cell.HostEnvironment;
import io.github.resnetspi.cli.cell.MachineLoad;
import io.github.resnetspi.cli.cell.RunResult;
import io.github.resnetspi.training.EpochMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a cell trained on a loaded machine is flagged in the report")
class MachineLoadTest {
    static final HostEnvironment HOST = new HostEnvironment("box", "cpu", 2, 1000, "jvm", "os", null, null);

    /** 1000 ticks of 2 processors: this run used {@code own}, the rest busy {@code busy} (own included), steal. */
    private static MachineLoad load(long busy, long own, long steal, double loadAverage) {
        MachineLoad.Sample a = new MachineLoad.Sample(0, 0, 0, 0, loadAverage);
        MachineLoad.Sample b = new MachineLoad.Sample(1000, 1000 - busy - steal, steal, own, 0.5);
        return MachineLoad.between(a, b, 2);
    }

    @Test
    @DisplayName("readings: other processes' share, steal and the load average at the start")
    void readings() {
        MachineLoad quiet = load(520, 500, 0, 1.0);
        assertThat(quiet.othersPercent()).isEqualTo(2.0);
        assertThat(quiet.loaded()).isFalse();
        assertThat(quiet.describe()).isEqualTo("quiet (others 2 %, steal 0 %, load 1.0/2)");
        MachineLoad busy = load(950, 450, 0, 1.0);
        assertThat(busy.reasons()).containsExactly("other processes used 50 % of the CPU");
        assertThat(load(500, 500, 150, 1.0).reasons()).containsExactly("the host took 15 % of the CPU time (steal)");
        assertThat(load(500, 500, 0, 3.5).reasons()).containsExactly("load average 3.5 on 2 processors at the start");
        assertThat(MachineLoad.between(null, null, 2).describe()).isEqualTo("unknown (no /proc)");
        assertThat(MachineLoad.between(null, null, 2).loaded()).isFalse();
    }

    @Test
    @DisplayName("report.md notes the loaded cell in its row and above the table; the CSVs carry the flag")
    void report() {
        RunResult quiet = cell("reference", load(520, 500, 0, 0.5));
        RunResult loaded = cell("djl-pytorch", load(950, 450, 0, 0.5));
        ComparisonReport report = new ComparisonReport("t", Map.of(), List.of("djl-pytorch", "reference"),
                List.of(loaded, quiet), 0.5, ComparisonReport.ALPHA, List.of(), HOST);
        String md = MarkdownReport.of(report);
        assertThat(md).contains("**Note: the machine was loaded while djl-pytorch seed 1 trained**")
                .contains("machine loaded: other processes used 50 % of the CPU");
        assertThat(ReportWriter.json(report)).contains("\"othersPercent\": 50.0");
        assertThat(CsvTables.results(report).lines().toList().get(0)).endsWith(",runs_on_loaded_machine");
        assertThat(CsvTables.results(report)).containsPattern("(?m)^djl-pytorch,.*,1$").containsPattern("(?m)^reference,.*,0$");
    }

    private static RunResult cell(String backend, MachineLoad load) {
        return RunResult.ok(backend, 1, "E", "1", "cpu", Map.of(), HOST,
                List.of(new EpochMetrics(1, 0.1, 1.0, 0.5, 0.5, 1000, 10, 11, 100, -1)), 100, "line", 12).withLoad(load);
    }
}
