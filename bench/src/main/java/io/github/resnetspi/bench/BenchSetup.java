package io.github.resnetspi.bench;

import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import java.util.SplittableRandom;

/**
 * The synthetic workload both sides of a comparison train on: one fixed random batch, labels, learning rate and SGD
 * settings (plain SGD, as the d2l chapter trains, unless {@link #withSgd} says otherwise).
 */
record BenchSetup(Network network, int batch, float[] images, int[] labels, double learningRate, double momentum,
                  double weightDecay) {

    static BenchSetup synthetic(Network network, int batch, long seed) {
        Shape in = network.inputShape().withBatch(batch);
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[Math.toIntExact(in.size())];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble();
        }
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = rnd.nextInt(network.classes());
        }
        return new BenchSetup(network, batch, x, y, 0.05, 0, 0);
    }

    /** @return this workload trained with SGD momentum {@code m} and weight decay {@code wd} (PyTorch's form) */
    BenchSetup withSgd(double m, double wd) {
        return new BenchSetup(network, batch, images, labels, learningRate, m, wd);
    }

    /** @return this workload with the SGD settings of {@code --momentum M --weight-decay WD} (0 when not given) */
    BenchSetup withSgd(Args args) {
        return withSgd(args.getDouble("momentum", 0), args.getDouble("weight-decay", 0));
    }

    /** @return the backend's compile options for this workload: defaults, with its momentum and weight decay */
    CompileOptions compileOptions() {
        return CompileOptions.defaults().withMomentum(momentum).withWeightDecay(weightDecay);
    }

    FloatTensor imageTensor() {
        return FloatTensor.wrap(network.inputShape().withBatch(batch), images);
    }
}
