package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.cli.exec.SlurmExecutor.Placement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@DisplayName("compare's SLURM options: kept in the plan, replaced one by one on --resume")
class SlurmOptionsTest {
    private static SlurmOptions parse(String... args) {
        SlurmOptions o = new SlurmOptions();
        new CommandLine(o).parseArgs(args);
        return o;
    }

    @Test
    @DisplayName("the plan keeps the placement as single words; --sbatch-arg takes any sbatch option verbatim")
    void planned() {
        List<String> plan = parse("--partition", "gpu", "--time", "04:00:00", "--account", "proj", "--gpus-per-cell",
                "a100:2", "--sbatch-arg", "--qos=high", "--sbatch-arg=--time=5", "--no-wait", "--poll-interval", "2")
                .plan("gpu", List.of());
        assertThat(plan).containsExactly("--partition=gpu", "--time=04:00:00", "--account=proj", "--gpus-per-cell=a100:2",
                "--sbatch-arg=--qos=high", "--sbatch-arg=--time=5");
        assertThat(SlurmOptions.placement(plan, "gpu")).isEqualTo(new Placement("gpu", "04:00:00", "proj", "gpu:a100:2",
                List.of("--qos=high", "--time=5")));
    }

    @Test
    @DisplayName("resumed: options given replace the plan's, the others are kept; GPUs only with --device gpu (one by default)")
    void resumed() {
        List<String> was = List.of("--partition=gpu", "--time=04:00:00", "--sbatch-arg=--qos=high");
        assertThat(parse("--time", "08:00:00").plan("gpu", was))
                .containsExactly("--partition=gpu", "--time=08:00:00", "--sbatch-arg=--qos=high");
        assertThat(parse("--sbatch-arg=--exclusive").plan("gpu", was))
                .containsExactly("--partition=gpu", "--time=04:00:00", "--sbatch-arg=--exclusive");
        assertThat(SlurmOptions.placement(was, "gpu").gres()).isEqualTo("gpu:1");
        assertThat(SlurmOptions.placement(was, "cpu").gres()).isEmpty();
        assertThat(SlurmOptions.placement(List.of(), "auto")).isEqualTo(new Placement("", "", "", "", List.of()));
    }

    @Test
    @DisplayName("the poll interval defaults to 10 s and may be fractional")
    void poll() {
        assertThat(parse().poll().toMillis()).isEqualTo(10_000);
        assertThat(parse("--poll-interval", "0.5").poll().toMillis()).isEqualTo(500);
    }
}
