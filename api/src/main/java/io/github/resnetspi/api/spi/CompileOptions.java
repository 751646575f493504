package io.github.resnetspi.api.spi;

import io.github.resnetspi.api.train.Sgd;
import java.util.Objects;

/**
 * How to compile a network: the device, the optimizer (momentum and weight decay are fixed at compile time; the
 * learning rate is passed to every step), and the seed of the initial weights
 * ({@link io.github.resnetspi.api.init.Initializer}).
 */
public record CompileOptions(DeviceRequest device, Sgd sgd, long seed) {
    public CompileOptions {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(sgd, "sgd");
    }

    /** CPU, plain SGD at {@code 0.05}, seed 0. */
    public static CompileOptions defaults() {
        return new CompileOptions(DeviceRequest.CPU, Sgd.plain(0.05), 0L);
    }

    public CompileOptions withDevice(DeviceRequest d) {
        return new CompileOptions(d, sgd, seed);
    }

    public CompileOptions withSgd(Sgd s) {
        return new CompileOptions(device, s, seed);
    }

    public CompileOptions withSeed(long s) {
        return new CompileOptions(device, sgd, s);
    }
}
