package io.github.resnetspi.bench;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import java.util.SplittableRandom;

/** The synthetic workload both sides of a comparison train on: one fixed random batch, labels and learning rate. */
record BenchSetup(Network network, int batch, float[] images, int[] labels, double learningRate) {

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
        return new BenchSetup(network, batch, x, y, 0.05);
    }

    FloatTensor imageTensor() {
        return FloatTensor.wrap(network.inputShape().withBatch(batch), images);
    }
}
