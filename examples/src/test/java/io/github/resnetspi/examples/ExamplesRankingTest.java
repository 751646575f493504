package io.github.resnetspi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.sample.SampleProvider;
import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.reference.ReferenceProvider;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A third-party backend (the guide's sample) among the project's: ranked by what it declares, nothing else. */
@DisplayName("Backends ranks a third-party backend by its own declared rank")
class ExamplesRankingTest {
    @Test
    @DisplayName("with every backend on the class path: djl-pytorch 10, tensorflow 20, sample 25, djl-mxnet 30, reference 1000")
    void amongTheOthers() {
        Backends found = Backends.discover();
        assertThat(found.loadErrors()).isEmpty();
        assertThat(found.byPreference()).extracting(Backend::name)
                .containsExactly("djl-pytorch", "tensorflow", SampleProvider.NAME, "djl-mxnet", ReferenceProvider.NAME);
        assertThat(found.get(SampleProvider.NAME).rank()).as("declared, not the default").isEqualTo(SampleProvider.RANK)
                .isNotEqualTo(Backend.DEFAULT_RANK);
        // without a name, the lowest rank is selected; named, the sample wins over every rank
        assertThat(Backends.of(found.providers(), k -> null, k -> null).selected().name()).isEqualTo("djl-pytorch");
        assertThat(Backends.of(found.providers(), k -> k.equals(Backends.PROPERTY) ? SampleProvider.NAME : null, k -> null)
                .selected()).isInstanceOf(SampleProvider.class);
    }

    @Test
    @DisplayName("beside only the reference, the sample is selected: its rank is below the reference's")
    void besideTheReference() {
        Backends two = Backends.of(List.of(new ReferenceProvider(), new SampleProvider()), k -> null, k -> null);
        assertThat(two.selected()).isInstanceOf(SampleProvider.class);
    }
}
