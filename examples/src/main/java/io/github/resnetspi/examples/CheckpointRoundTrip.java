package io.github.resnetspi.examples;

// tag::checkpoint[]
import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.train.Mode;
import io.github.resnetspi.training.checkpoint.SafeTensors;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Exports a trained model's state to a safetensors file and imports it into a freshly compiled model, which then
 * holds exactly the saved state and computes the same outputs (to float32 rounding: a backend may keep its state in
 * higher precision, as the float64 reference does). Argument: the file to write (default
 * {@code resnet-tiny.safetensors}).
 */
public final class CheckpointRoundTrip {
    private CheckpointRoundTrip() {
    }

    public static void main(String[] args) throws IOException {
        roundTrip(Path.of(args.length > 0 ? args[0] : "resnet-tiny.safetensors"));
    }

    static boolean roundTrip(Path file) throws IOException {
        Network net = Presets.build("resnet-tiny");
        Backend backend = Backends.select();
        CompileOptions options = CompileOptions.defaults().withSeed(7).withMomentum(0.9);
        FloatTensor images = FloatTensor.filled(Shape.of(4, 1, 28, 28), 0.5f);
        int[] labels = {3, 1, 4, 1};
        try (Model trained = backend.compile(net, options)) {
            trained.trainStep(images, labels, 0.05);
            // parameters, BN running statistics and momentum buffers, under PyTorch's names
            try (OutputStream out = Files.newOutputStream(file)) {
                SafeTensors.write(out, trained.exportState(), Map.of("model", net.name(), "backend", backend.name()));
            }
            try (Model restored = backend.compile(net, options)) {
                SafeTensors.Contents saved = SafeTensors.read(file);
                restored.importState(saved.tensors());
                FloatTensor before = trained.forward(images, Mode.EVAL);
                FloatTensor after = restored.forward(images, Mode.EVAL);
                double largest = 0;
                for (int i = 0; i < before.size(); i++) {
                    largest = Math.max(largest, Math.abs(before.get(i) - after.get(i)));
                }
                boolean sameState = restored.exportState().equals(saved.tensors());
                System.out.printf("%d tensors written to %s by %s and read back: %s state, outputs within %.1e%n",
                        saved.tensors().size(), file, saved.metadata().get("backend"), sameState ? "the same" : "ANOTHER",
                        largest);
                return sameState && largest < 1e-4;
            }
        }
    }
}
// end::checkpoint[]
