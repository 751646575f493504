package io.github.resnetspi.api.train;

/** Learning rate as a function of the (0-based) epoch. */
public sealed interface LrSchedule permits LrSchedule.Constant, LrSchedule.StepDecay {

    /**
     * @param base  the base learning rate
     * @param epoch the epoch, 0-based
     * @return the learning rate in that epoch
     */
    double rate(double base, int epoch);

    /** @return the base rate in every epoch */
    static LrSchedule constant() {
        return new Constant();
    }

    /**
     * @param everyEpochs epochs between two multiplications, positive
     * @param gamma       the factor, positive
     * @return the rate multiplied by {@code gamma} every {@code everyEpochs} epochs:
     *         {@code base·gamma^floor(epoch/everyEpochs)}
     */
    static LrSchedule stepDecay(int everyEpochs, double gamma) {
        return new StepDecay(everyEpochs, gamma);
    }

    /** The base rate in every epoch. */
    record Constant() implements LrSchedule {
        @Override
        public double rate(double base, int epoch) {
            return base;
        }
    }

    /**
     * PyTorch's {@code StepLR(step_size=everyEpochs, gamma)} stepped once per epoch.
     *
     * @param everyEpochs epochs between two multiplications, positive
     * @param gamma       the factor, positive
     */
    record StepDecay(int everyEpochs, double gamma) implements LrSchedule {
        /**
         * Checks that the step is positive and the factor positive.
         *
         * @param everyEpochs epochs between two multiplications, positive
         * @param gamma       the factor, positive
         */
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
