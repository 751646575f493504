package io.github.resnetspi.cli.cell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a cell's machine load is read from /proc")
class MachineLoadSampleTest {
    @Test
    @DisplayName("/proc lines are parsed as the kernel writes them")
    void parse() {
        MachineLoad.Sample s = MachineLoad.Sample.parse("cpu  100 5 50 800 10 1 2 7 0 0".split("\\s+"),
                "S 1 1 1 0 -1 4194560 100 0 0 0 40 20 0 0 20 0 30".split(" "), "2.50");
        assertThat(s).isEqualTo(new MachineLoad.Sample(975, 810, 7, 60, 2.5));
    }
}
