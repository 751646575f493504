package io.github.resnetspi.conformance.scratch;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.spi.CompileOptions;
import io.github.resnetspi.api.spi.DeviceRequest;
import io.github.resnetspi.api.spi.Model;
import io.github.resnetspi.api.train.LrSchedule;
import io.github.resnetspi.api.train.Sgd;
import io.github.resnetspi.conformance.FashionMnistSubset;
import io.github.resnetspi.conformance.reference.ReferenceProvider;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CalibrateScratchTest {
    @Test
    void calibrate() throws Exception {
        FashionMnistSubset train = FashionMnistSubset.train();
        FashionMnistSubset test = FashionMnistSubset.test();
        String[] cfgs = System.getProperty("cfgs", "0.05,0.9,32,3").split(";");
        for (String cfg : cfgs) {
            String[] c = cfg.split(",");
            double lr = Double.parseDouble(c[0]), mom = Double.parseDouble(c[1]);
            int batch = Integer.parseInt(c[2]), epochs = Integer.parseInt(c[3]);
            Network net = Presets.build("resnet-tiny");
            try (Model m = new ReferenceProvider().compile(net, new CompileOptions(DeviceRequest.CPU, new Sgd(lr, mom, 5e-4, LrSchedule.constant()), 0))) {
                long t0 = System.nanoTime();
                for (int e = 0; e < epochs; e++) {
                    double elr = e == epochs - 1 && c.length > 4 ? lr * Double.parseDouble(c[4]) : lr;
                    double sum = 0; int steps = train.size() / batch;
                    for (int s = 0; s < steps; s++) {
                        sum += m.trainStep(train.images().slice(s * batch, (s + 1) * batch), Arrays.copyOfRange(train.labels(), s * batch, (s + 1) * batch), elr).loss();
                    }
                    java.lang.reflect.Method acc = Class.forName("io.github.resnetspi.conformance.Convergence").getDeclaredMethod("accuracy", Model.class, FashionMnistSubset.class, int.class);
                    acc.setAccessible(true);
                    double tm = 0;
                    for (int f = 0; f < 1000; f += 250) {
                        io.github.resnetspi.api.tensor.FloatTensor lg = m.forward(test.images().slice(f, f + 250), io.github.resnetspi.api.train.Mode.TRAIN, false).asMap().values().iterator().next();
                        for (int i = 0; i < 250; i++) { int best = 0; for (int k = 1; k < 10; k++) if (lg.get(i * 10 + k) > lg.get(i * 10 + best)) best = k; tm += best == test.labels()[f + i] ? 1 : 0; }
                    }
                    System.out.printf("cfg %s epoch %d loss %.4f test %.4f trainmode-test %.4f  %.1fs%n", cfg, e + 1, sum / steps, acc.invoke(null, m, test, 250), tm / 1000, (System.nanoTime() - t0) / 1e9);
                }
            }
        }
    }
}
