package io.github.resnetspi.conformance.reference;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.init.Initializer;
import io.github.resnetspi.api.presets.PresetOptions;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.spi.CompileOptions;
import io.github.resnetspi.api.spi.DeviceRequest;
import io.github.resnetspi.api.spi.Model;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.LrSchedule;
import io.github.resnetspi.api.train.Sgd;
import io.github.resnetspi.conformance.TestData;
import org.junit.jupiter.api.Test;

class DiagScratchTest {
    @Test
    void diag() {
        for (String spec : System.getProperty("nets", "d2l-resnet18@1x40x40@4").split(";")) {
            String[] p = spec.split("@");
            String[] d = p[1].split("x");
            int batch = Integer.parseInt(p[2]);
            Network net = Presets.build(p[0], Presets.get(p[0]).defaults().withInput(Integer.parseInt(d[0]), Integer.parseInt(d[1]), Integer.parseInt(d[2])));
            CompileOptions o = new CompileOptions(DeviceRequest.CPU, new Sgd(0.05, 0.9, 1e-3, LrSchedule.constant()), 3);
            try (Model m = Mutants.float32Rounding().compile(net, o); Model r = new ReferenceProvider().compile(net, o)) {
                NamedTensors s = Initializer.initialize(net, 8);
                m.importState(s); r.importState(s);
                FloatTensor x = TestData.images(net, batch, 31);
                int[] l = TestData.labels(batch, 10, 41);
                double lm = m.trainStep(x, l, 0.05).loss(), lr = r.trainStep(x, l, 0.05).loss();
                System.out.printf("%s loss %.6f vs %.6f%n", spec, lm, lr);
                NamedTensors gm = m.gradients(), gr = r.gradients();
                double global = 0;
                for (FloatTensor t : gr.asMap().values()) for (int i = 0; i < t.size(); i++) global = Math.max(global, Math.abs(t.get(i)));
                for (String n : gr.names()) {
                    FloatTensor a = gm.get(n), e = gr.get(n);
                    double inf = 0, err = 0, n2 = 0, e2 = 0;
                    for (int i = 0; i < e.size(); i++) { inf = Math.max(inf, Math.abs(e.get(i))); err = Math.max(err, Math.abs(a.get(i) - e.get(i))); n2 += e.get(i) * (double) e.get(i); e2 += Math.pow(a.get(i) - e.get(i), 2); }
                    double rel = err / Math.max(inf, 1e-3 * global);
                    if (rel > 1e-3) System.out.printf("  %-40s inf %.3e (global %.3e) maxerr %.3e rel %.3e l2rel %.3e%n", n, inf, global, err, rel, Math.sqrt(e2 / n2));
                }
            }
        }
    }
}
