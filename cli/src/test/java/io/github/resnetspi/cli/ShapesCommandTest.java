package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("shapes")
class ShapesCommandTest {
    @Test
    @DisplayName("prints the d2l chapter's block shapes for d2l-resnet18 on 1x1x96x96")
    void d2lBlocks() {
        Cli r = Cli.run("shapes", "--model", "d2l-resnet18", "--input", "1,1,96,96", "--blocks");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("stem\\s+maxpool2d\\s+output shape: \\(1, 64, 24, 24\\)")
                .containsPattern("stage1\\s+relu\\s+output shape: \\(1, 64, 24, 24\\)")
                .containsPattern("stage2\\s+relu\\s+output shape: \\(1, 128, 12, 12\\)")
                .containsPattern("stage3\\s+relu\\s+output shape: \\(1, 256, 6, 6\\)")
                .containsPattern("stage4\\s+relu\\s+output shape: \\(1, 512, 3, 3\\)")
                .containsPattern("fc\\s+dense\\s+output shape: \\(1, 10\\)");
    }

    @Test
    @DisplayName("with --backend the shapes are measured by a forward pass and agree with the description")
    void measured() {
        Cli r = Cli.run("shapes", "--model", "resnet-tiny", "--input", "2,1,28,28", "--backend", "reference");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("measured on reference").contains("(2, 10)").doesNotContain("MISMATCH");
    }
}
