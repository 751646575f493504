package io.github.resnetspi.api.spi;

import io.github.resnetspi.api.Backend;

/**
 * The service a backend module registers for {@link java.util.ServiceLoader} (with {@code @AutoService}): a
 * {@link Backend} that also states the SPI version it was built against, which {@link io.github.resnetspi.api.Backends}
 * checks before offering it. Instantiating a provider must be cheap and must not load native code: engines load on
 * the first call to {@link #info()} or {@link #compile}, so that one broken engine cannot stop discovery of the
 * others. Most providers extend {@link AbstractBackendProvider}. See {@code docs/writing-a-backend.md}.
 */
public interface BackendProvider extends Backend {
    /**
     * The version of this SPI: raised whenever a change to it would break a provider built against the previous one.
     * {@link io.github.resnetspi.api.Backends} refuses a provider whose {@link #spiVersion()} differs.
     */
    int SPI_VERSION = 2;

    /**
     * The SPI version this provider was compiled against. Implement it in the provider's own class as
     * {@code return SPI_VERSION;}: javac copies the constant into that class, so the value is the one it was built
     * with, whatever api jar it later runs beside.
     *
     * @return the {@link #SPI_VERSION} the provider was compiled against
     */
    int spiVersion();
}
