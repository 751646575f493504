package io.github.resnetspi.cli.testing;

import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.StepResult;
import io.github.resnetspi.reference.ReferenceProvider;

/**
 * Test double: the float64 reference whose forward outputs are 1 % too large, a backend whose logits disagree with
 * the reference's by 1e-2 (ten times the kit's preset forward tolerance).
 */
public final class SkewedBackend extends ReferenceUnderAnotherName {
    public static final String NAME = "test-skewed";
    /** The factor every forward output is multiplied by. */
    public static final float SKEW = 1.01f;

    public SkewedBackend() {
        super(NAME, ReferenceProvider.RANK + 2);
    }

    @Override
    public Model compile(Network network, CompileOptions options) {
        Model m = reference.compile(network, options);
        return new Model() {
            @Override
            public Device device() {
                return m.device();
            }

            @Override
            public FloatTensor forward(FloatTensor images, Mode mode) {
                FloatTensor exact = m.forward(images, mode);
                float[] v = exact.data().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] *= SKEW;
                }
                return FloatTensor.of(exact.shape(), v);
            }

            @Override
            public NamedTensors forwardAll(FloatTensor images, Mode mode) {
                return m.forwardAll(images, mode);
            }

            @Override
            public StepResult trainStep(FloatTensor images, int[] labels, double learningRate) {
                return m.trainStep(images, labels, learningRate);
            }

            @Override
            public NamedTensors gradients() {
                return m.gradients();
            }

            @Override
            public NamedTensors exportState() {
                return m.exportState();
            }

            @Override
            public void importState(NamedTensors state) {
                m.importState(state);
            }

            @Override
            public void close() {
                m.close();
            }
        };
    }
}
