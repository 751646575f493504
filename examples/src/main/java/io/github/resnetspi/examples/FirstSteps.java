package io.github.resnetspi.examples;

// tag::first-steps[]
import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.api.train.StepResult;
import java.util.Random;

/** One training step and one forward pass of a small ResNet, on whichever backend is on the class path. */
public final class FirstSteps {
    public static void main(String[] args) {
        Network net = Presets.build("resnet-tiny");          // input (1, 28, 28), 10 classes
        Backend backend = Backends.select();         // the backend jar on the class path; -Dresnetspi.backend=NAME picks one

        int batch = 8;
        float[] pixels = new float[batch * 28 * 28];         // NCHW, row-major
        Random random = new Random(1);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        FloatTensor images = FloatTensor.wrap(Shape.of(batch, 1, 28, 28), pixels);
        int[] labels = {0, 1, 2, 3, 4, 5, 6, 7};

        CompileOptions options = CompileOptions.defaults().withSeed(42).withMomentum(0.9);
        try (Model model = backend.compile(net, options)) {
            StepResult step = model.trainStep(images, labels, 0.05);   // the learning rate is the caller's, per step
            FloatTensor logits = model.forward(images, Mode.EVAL);     // the output node: logits (8, 10)
            System.out.printf("%s on %s: loss %.4f, logits %s%n", backend.name(), model.device(), step.loss(),
                    logits.shape());
        }
    }
}
// end::first-steps[]
