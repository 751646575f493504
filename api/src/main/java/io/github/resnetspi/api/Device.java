package io.github.resnetspi.api;

/**
 * A device a model runs on: the CPU, or GPU number {@code index}.
 *
 * @param type  CPU or GPU
 * @param index the GPU's number (0 for the CPU)
 */
public record Device(Type type, int index) {
    /** The kind of device. */
    public enum Type {
        /** The CPU (all its cores). */
        CPU,
        /** A GPU, numbered by {@link Device#index()}. */
        GPU
    }

    /** The CPU. */
    public static final Device CPU = new Device(Type.CPU, 0);

    /**

     * Checks that the index is not negative.

     *

     * @param type  CPU or GPU

     * @param index the GPU's number (0 for the CPU)

     */

    public Device {
        if (index < 0) {
            throw new IllegalArgumentException("device index must be non-negative, got " + index);
        }
    }

    /**
     * @param index the GPU's number, from 0
     * @return that GPU
     */
    public static Device gpu(int index) {
        return new Device(Type.GPU, index);
    }

    /** @return whether this is a GPU */
    public boolean isGpu() {
        return type == Type.GPU;
    }

    /** {@code cpu} or {@code gpu:N}. */
    @Override
    public String toString() {
        return type == Type.CPU ? "cpu" : "gpu:" + index;
    }
}
