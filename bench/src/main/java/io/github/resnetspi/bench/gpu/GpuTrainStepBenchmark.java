package io.github.resnetspi.bench.gpu;

import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.BackendUnavailableException;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.CompileOptions;
import io.github.resnetspi.api.Model;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.presets.PresetOptions;
import io.github.resnetspi.api.presets.Presets;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.train.Sgd;
import io.github.resnetspi.api.train.StepResult;
import java.io.PrintStream;
import java.util.Random;

/**
 * The Java side of the GPU training-step benchmark (docs/gpu.md, "GPU benchmark protocol"): compiles the preset
 * {@code d2l-resnet18} for 1×96×96 inputs and 10 classes on the selected backend (default {@code djl-pytorch}) and
 * device (default {@code gpu}), runs {@link Model#trainStep} {@code warmup} times on one fixed batch, then times
 * {@code steps} more, and prints one JSON line with images/s (the form bench/gpu/native_resnet18.py prints).
 * <p>
 * Each {@code trainStep} returns the loss and the logits on the host, so every step ends synchronised with the device
 * and the timed loop is bounded by synchronisation at both ends, as the native protocol requires. Unlike the native
 * protocol, the batch is not resident on the device: through the SPI every step copies the images and labels host→device
 * and the loss and logits device→host. The output says so ({@code batch_resident_on_device: false}).
 */
public final class GpuTrainStepBenchmark {
    static final String MODEL = "d2l-resnet18";
    static final PresetOptions INPUT = new PresetOptions(1, 96, 96, 10);
    static final String TRANSFERS = "each trainStep copies the batch host->device and the loss and logits device->host "
            + "(SPI tensors are host arrays); the native reference keeps its batch resident on the device";

    private GpuTrainStepBenchmark() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(TrainStepOptions.USAGE);
            return;
        }
        TrainStepOptions options;
        try {
            options = TrainStepOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("GpuTrainStepBenchmark: " + e.getMessage() + "\n" + TrainStepOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            Backend provider = Backends.discover().get(options.backend());
            System.out.println(run(provider, options, System.err));
        } catch (ResnetSpiException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("GpuTrainStepBenchmark: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Runs the protocol on {@code provider} and returns the result line; progress goes to {@code log}.
     *
     * @throws BackendUnavailableException if the engine or the device cannot be used
     */
    static JsonLine run(Backend provider, TrainStepOptions o, PrintStream log) {
        BackendInfo info = provider.info();
        if (!info.available()) {
            throw new BackendUnavailableException("backend '" + provider.name()
                    + "' is not available: " + info.problem());
        }
        log.println("backend " + provider.name() + ": " + info.engine() + " " + info.engineVersion() + ", devices "
                + info.devices());
        Network network = Presets.build(MODEL, INPUT);
        CompileOptions compile = CompileOptions.defaults().withDevice(o.device()).withSeed(o.seed());
        FloatTensor images = randomImages(o.batch(), o.seed());
        int[] labels = randomLabels(o.batch(), INPUT.classes(), o.seed());

        try (Model model = provider.compile(network, compile)) {
            log.println("compiled " + MODEL + " on " + model.device() + "; " + o.warmup() + " warm-up steps, "
                    + o.steps() + " timed steps, batch " + o.batch());
            log.println("note: " + TRANSFERS);
            double firstLoss = Double.NaN;
            for (int i = 0; i < o.warmup(); i++) {
                StepResult r = model.trainStep(images, labels, o.learningRate());
                if (i == 0) {
                    firstLoss = r.loss();
                }
            }
            // The last warm-up step has returned its loss and logits to the host: the device is idle here.
            long start = System.nanoTime();
            StepResult last = null;
            for (int i = 0; i < o.steps(); i++) {
                last = model.trainStep(images, labels, o.learningRate());
            }
            // ... and again after the last timed step, whose results are on the host.
            double seconds = (System.nanoTime() - start) / 1e9;
            if (Double.isNaN(firstLoss)) {
                firstLoss = last.loss();
            }
            if (!Double.isFinite(last.loss())) {
                throw new IllegalStateException("training diverged: loss " + last.loss() + " after "
                        + (o.warmup() + o.steps()) + " steps at lr " + o.learningRate());
            }
            return new JsonLine()
                    .put("impl", "resnet-spi/" + provider.name())
                    .put("backend", provider.name())
                    .put("engine", info.engine())
                    .put("engine_version", info.engineVersion())
                    .put("device", model.device().toString())
                    .put("model", MODEL)
                    .put("input", new int[] {o.batch(), INPUT.channels(), INPUT.height(), INPUT.width()})
                    .put("batch", o.batch())
                    .put("warmup", o.warmup())
                    .put("steps", o.steps())
                    .put("batch_resident_on_device", false)
                    .put("per_step_transfers", TRANSFERS)
                    .put("seconds", seconds, 6)
                    .put("step_ms", 1000.0 * seconds / o.steps(), 4)
                    .put("images_per_s", o.batch() * (double) o.steps() / seconds, 1)
                    .put("loss_first", firstLoss, 6)
                    .put("loss_last", last.loss(), 6);
        }
    }

    /** Standard-normal pixels, as torch.randn gives the native reference; the values do not affect the timing. */
    static FloatTensor randomImages(int batch, long seed) {
        Shape shape = Shape.of(batch, INPUT.channels(), INPUT.height(), INPUT.width());
        float[] data = new float[Math.toIntExact(shape.size())];
        Random random = new Random(seed);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return FloatTensor.wrap(shape, data);
    }

    static int[] randomLabels(int batch, int classes, long seed) {
        Random random = new Random(~seed);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(classes);
        }
        return labels;
    }
}
