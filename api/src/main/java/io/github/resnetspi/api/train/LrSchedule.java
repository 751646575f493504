package io.github.resnetspi.api.train;

/** Learning rate as a function of the (0-based) epoch. */
public sealed interface LrSchedule permits LrSchedule.Constant, LrSchedule.StepDecay {

    /** The learning rate in epoch {@code epoch}, given the base rate. */
    double rate(double base, int epoch);

    static LrSchedule constant() {
        return new Constant();
    }

    /** Multiply by {@code gamma} every {@code everyEpochs} epochs: {@code base·gamma^floor(epoch/everyEpochs)}. */
    static LrSchedule stepDecay(int everyEpochs, double gamma) {
        return new StepDecay(everyEpochs, gamma);
    }

    record Constant() implements LrSchedule {
        @Override
        public double rate(double base, int epoch) {
            return base;
        }
    }

    /** PyTorch's {@code StepLR(step_size=everyEpochs, gamma)} stepped once per epoch. */
    record StepDecay(int everyEpochs, double gamma) implements LrSchedule {
        public StepDecay {
            if (everyEpochs <= 0) {
                throw new IllegalArgumentException("lr step must be a positive number of epochs, got " + everyEpochs);
            }
            if (!(gamma > 0)) {
                throw new IllegalArgumentException("lr gamma must be positive, got " + gamma);
            }
        }

        @Override
        public double rate(double base, int epoch) {
            return base * Math.pow(gamma, epoch / everyEpochs);
        }
    }
}
