package io.github.resnetspi.djl.mxnet;

import com.google.auto.service.AutoService;
import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.djl.DjlProvider;

/** The {@code djl-mxnet} backend: DJL's MXNet engine (MXNet 1.9 with MKL-DNN). */
@AutoService(BackendProvider.class)
public final class DjlMxnetProvider extends DjlProvider {
    public static final String NAME = "djl-mxnet";

    public DjlMxnetProvider() {
        super(MxnetRuntime.INSTANCE, new MxnetAdapter());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return 30;
    }

    @Override
    public String artifact() {
        return "io.github.resnetspi:resnet-spi-backend-djl-mxnet";
    }
}
