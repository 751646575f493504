package io.github.resnetspi.api.spi;

/** A device a model runs on: the CPU, or GPU number {@code index}. */
public record Device(Type type, int index) {
    public enum Type { CPU, GPU }

    public static final Device CPU = new Device(Type.CPU, 0);

    public Device {
        if (index < 0) {
            throw new IllegalArgumentException("device index must be non-negative, got " + index);
        }
    }

    public static Device gpu(int index) {
        return new Device(Type.GPU, index);
    }

    public boolean isGpu() {
        return type == Type.GPU;
    }

    /** {@code cpu} or {@code gpu:N}. */
    @Override
    public String toString() {
        return type == Type.CPU ? "cpu" : "gpu:" + index;
    }
}
