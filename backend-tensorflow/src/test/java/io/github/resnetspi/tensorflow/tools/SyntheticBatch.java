package io.github.resnetspi.tensorflow.tools;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import java.util.Random;

/** A fixed random batch of images and labels for a network: speed and memory runs need no real data. */
record SyntheticBatch(FloatTensor images, int[] labels) {
    static SyntheticBatch of(Network net, int batch, long seed) {
        Random r = new Random(seed);
        Shape s = net.inputShape().withBatch(batch);
        float[] x = new float[Math.toIntExact(s.size())];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = r.nextInt(net.classes());
        }
        return new SyntheticBatch(FloatTensor.wrap(s, x), y);
    }
}
