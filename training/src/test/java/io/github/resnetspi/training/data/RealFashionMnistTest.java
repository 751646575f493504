package io.github.resnetspi.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Fashion-MNIST as installed by Debian's dataset-fashion-mnist")
class RealFashionMnistTest {
    @Test
    @DisplayName("verifies against the pinned content checksums and has 60000/10000 28x28 examples in 10 balanced classes")
    void realData() {
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        assertThat(dir.resolve("train-images-idx3-ubyte.gz")).as("Debian's Fashion-MNIST is not installed: install it with"
                + " 'sudo apt-get install dataset-fashion-mnist' (.ci/run does)").exists();
        TrainTest t = FashionMnist.load(dir);
        assertThat(t.train().size()).isEqualTo(60000);
        assertThat(t.test().size()).isEqualTo(10000);
        assertThat(t.train().height()).isEqualTo(28);
        int[] counts = new int[10];
        for (int i = 0; i < t.test().size(); i++) {
            counts[t.test().label(i)]++;
        }
        assertThat(counts).containsOnly(1000);
    }
}
