package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.train.LrSchedule;
import io.github.resnetspi.training.TrainConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Training options")
class TrainOptionsTest {
    @ParameterizedTest(name = "{0}")
    @EnumSource(Profile.class)
    @DisplayName("the options written for a child (or a comparison's plan) read back as exactly the same settings")
    void roundTrip(Profile p) {
        TrainConfig cfg = p.config();
        assertThat(TrainOptions.fromArgs(TrainOptions.toArgs(cfg))).isEqualTo(cfg);
        TrainConfig other = cfg.withSeed(42).withEpochs(7);
        assertThat(TrainOptions.fromArgs(TrainOptions.toArgs(other))).isEqualTo(other);
    }

    @Test
    @DisplayName("a warm-up-and-decay schedule ends with the run, however many epochs are asked for")
    void warmupFollowsEpochs() {
        TrainConfig cfg = TrainOptions.fromArgs(List.of("--profile", "QUICK", "--epochs", "3", "--lr-warmup", "0.5"));
        assertThat(cfg.sgd().schedule()).isEqualTo(LrSchedule.warmupLinear(0.5, 3));
        assertThat(TrainOptions.fromArgs(List.of("--profile", "QUICK", "--epochs", "4")).sgd().schedule())
                .isEqualTo(LrSchedule.warmupLinear(0.2, 4));
        assertThat(TrainOptions.fromArgs(List.of("--profile", "QUICK", "--lr-step", "1")).sgd().schedule())
                .isEqualTo(LrSchedule.stepDecay(1, 0.1));
        assertThat(cfg.identity()).containsEntry("lr_schedule", "warmup-linear(warmup=0.5)");
    }
}
