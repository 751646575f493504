package io.github.resnetspi.djl.pytorch;

import com.google.auto.service.AutoService;
import io.github.resnetspi.api.spi.BackendProvider;
import io.github.resnetspi.djl.DjlProvider;

/** The {@code djl-pytorch} backend: DJL's PyTorch engine (libtorch 2.7.1). */
@AutoService(BackendProvider.class)
public final class DjlPytorchProvider extends DjlProvider {
    public static final String NAME = "djl-pytorch";

    public DjlPytorchProvider() {
        super(PytorchRuntime.INSTANCE, new PytorchAdapter());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return 10;
    }

    @Override
    public String artifact() {
        return "io.github.resnetspi:resnet-spi-backend-djl-pytorch";
    }
}
