package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.training.TrainConfig;
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
}
