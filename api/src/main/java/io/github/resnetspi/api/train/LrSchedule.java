package io.github.resnetspi.api.train;

/**
 * Learning rate as a function of training progress, in epochs: {@code 1.25} is a quarter into the second epoch. A
 * training loop asks at the start of every step; the epoch-wise schedules only look at the epoch the step is in.
 */
public sealed interface LrSchedule permits LrSchedule.Constant, LrSchedule.StepDecay, LrSchedule.WarmupLinear {

    /**
     * @param base     the base learning rate
     * @param progress epochs completed so far, fractions included (≥ 0)
     * @return the learning rate of a step that starts at {@code progress}
     */
    double rate(double base, double progress);

    /**
     * @param epochs the length of the run, in epochs
     * @return this schedule for a run of that length: the epoch-wise schedules as they are, a warm-up-and-decay
     *         schedule with its decay ending at {@code epochs}
     * @throws IllegalArgumentException when the schedule cannot fit (a warm-up not shorter than the run)
     */
    default LrSchedule forRun(double epochs) {
        return this;
    }

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

    /**
     * @param warmupEpochs epochs of linear warm-up, ≥ 0 and less than {@code totalEpochs}
     * @param totalEpochs  the length of the run, positive
     * @return a rate rising linearly from a tenth of the base over the warm-up, then falling linearly to 0 at the end
     *         of the run, step by step
     */
    static LrSchedule warmupLinear(double warmupEpochs, double totalEpochs) {
        return new WarmupLinear(warmupEpochs, totalEpochs);
    }

    /** The base rate in every epoch. */
    record Constant() implements LrSchedule {
        @Override
        public double rate(double base, double progress) {
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
        public double rate(double base, double progress) {
            return base * Math.pow(gamma, (int) Math.floor(progress) / everyEpochs);
        }
    }

    /**
     * A warm-up and a decay within the run, step by step, for short runs that must settle by their end: from
     * {@code base/10} the rate rises linearly to {@code base} at {@code warmupEpochs}, then falls linearly towards 0 at
     * {@code totalEpochs} (a step starting at {@code t} gets {@code base·(totalEpochs − t)/(totalEpochs − warmupEpochs)},
     * so even the last step's rate is positive). Like PyTorch's {@code LambdaLR} with that factor, stepped every batch.
     *
     * @param warmupEpochs epochs of warm-up, ≥ 0 and less than {@code totalEpochs}
     * @param totalEpochs  the length of the run, positive
     */
    record WarmupLinear(double warmupEpochs, double totalEpochs) implements LrSchedule {
        /** The warm-up starts at this share of the base rate. */
        public static final double WARMUP_START = 0.1;

        /**
         * Checks the warm-up is shorter than the run.
         *
         * @param warmupEpochs epochs of warm-up, ≥ 0 and less than {@code totalEpochs}
         * @param totalEpochs  the length of the run, positive
         */
        public WarmupLinear {
            if (!(totalEpochs > 0) || Double.isInfinite(totalEpochs)) {
                throw new IllegalArgumentException("the run must last a positive number of epochs, got " + totalEpochs);
            }
            if (!(warmupEpochs >= 0 && warmupEpochs < totalEpochs)) {
                throw new IllegalArgumentException("the warm-up must last from 0 to fewer than the run's " + totalEpochs
                        + " epochs, got " + warmupEpochs);
            }
        }

        @Override
        public LrSchedule forRun(double epochs) {
            return epochs == totalEpochs ? this : new WarmupLinear(warmupEpochs, epochs);
        }

        @Override
        public double rate(double base, double progress) {
            if (progress < warmupEpochs) {
                return base * (WARMUP_START + (1 - WARMUP_START) * progress / warmupEpochs);
            }
            return base * Math.max(totalEpochs - progress, 0) / (totalEpochs - warmupEpochs);
        }
    }
}
