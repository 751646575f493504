package io.github.resnetspi.bench;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Which direct baseline measures which backend; a backend without an entry is reported without a ratio. */
final class DirectBaselines {
    private static final Map<String, Function<BenchSetup, DirectBaseline>> BY_BACKEND = Map.of(
            "djl-pytorch", s -> new DjlDirectResnet18("PyTorch", s),
            "djl-mxnet", s -> new DjlDirectResnet18("MXNet", s));

    private DirectBaselines() {
    }

    static Optional<DirectBaseline> forBackend(String backend, BenchSetup setup) {
        return Optional.ofNullable(BY_BACKEND.get(backend)).map(f -> f.apply(setup));
    }
}
