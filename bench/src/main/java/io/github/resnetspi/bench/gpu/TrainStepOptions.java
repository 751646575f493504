package io.github.resnetspi.bench.gpu;

import io.github.resnetspi.api.DeviceRequest;

/**
 * Command-line options of {@link GpuTrainStepBenchmark}; the defaults are the GPU protocol of docs/gpu.md (batch 256,
 * 15 warm-up steps, 60 timed steps, SGD lr 0.05) on backend {@code djl-pytorch} and device {@code gpu}.
 */
record TrainStepOptions(String backend, DeviceRequest device, int batch, int warmup, int steps, double learningRate,
                        long seed) {

    static final String USAGE = String.join("\n",
            "Usage: GpuTrainStepBenchmark [--backend NAME] [--device gpu|gpu:N|cpu|auto] [--batch N] [--warmup N]",
            "                             [--steps N] [--lr X] [--seed S]",
            "Times Model.trainStep of d2l-resnet18 (1x96x96, 10 classes) on one batch reused every step and prints one",
            "JSON line with images/s. Defaults: --backend djl-pytorch --device gpu --batch 256 --warmup 15 --steps 60",
            "--lr 0.05 --seed 0.");

    TrainStepOptions {
        if (batch < 2) {
            throw new IllegalArgumentException("--batch must be >= 2 (batch norm needs two values in training mode), got "
                    + batch);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must be >= 0, got " + warmup);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("--lr must be positive and finite, got " + learningRate);
        }
    }

    static TrainStepOptions defaults() {
        return new TrainStepOptions("djl-pytorch", DeviceRequest.gpu(0), 256, 15, 60, 0.05, 0L);
    }

    /** Parses {@code --name value} pairs over the defaults; a bad option fails with a message naming it. */
    static TrainStepOptions parse(String[] args) {
        TrainStepOptions o = defaults();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String value = args[i + 1];
            o = switch (name) {
                case "--backend" -> new TrainStepOptions(value, o.device, o.batch, o.warmup, o.steps, o.learningRate, o.seed);
                case "--device" -> new TrainStepOptions(o.backend, DeviceRequest.parse(value), o.batch, o.warmup, o.steps,
                        o.learningRate, o.seed);
                case "--batch" -> new TrainStepOptions(o.backend, o.device, integer(name, value), o.warmup, o.steps,
                        o.learningRate, o.seed);
                case "--warmup" -> new TrainStepOptions(o.backend, o.device, o.batch, integer(name, value), o.steps,
                        o.learningRate, o.seed);
                case "--steps" -> new TrainStepOptions(o.backend, o.device, o.batch, o.warmup, integer(name, value),
                        o.learningRate, o.seed);
                case "--lr" -> new TrainStepOptions(o.backend, o.device, o.batch, o.warmup, o.steps, number(name, value),
                        o.seed);
                case "--seed" -> new TrainStepOptions(o.backend, o.device, o.batch, o.warmup, o.steps, o.learningRate,
                        longInteger(name, value));
                default -> throw new IllegalArgumentException("unknown option '" + name + "'");
            };
        }
        return o;
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs an integer, got '" + value + "'", e);
        }
    }

    private static long longInteger(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs an integer, got '" + value + "'", e);
        }
    }

    private static double number(String name, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, got '" + value + "'", e);
        }
    }
}
