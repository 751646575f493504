package io.github.resnetspi.api;

import io.github.resnetspi.api.ErrorAnchor;
import java.util.List;
import java.util.Locale;

/**
 * What the user asked for: {@code auto} (first GPU if the engine sees one, else CPU), {@code cpu}, {@code gpu}
 * (GPU 0) or {@code gpu:N}.
 *
 * @param kind  auto, CPU or GPU
 * @param index the GPU's number for {@link Kind#GPU}, else 0
 */
public record DeviceRequest(Kind kind, int index) {
    /** The kind of request. */
    public enum Kind {
        /** The first GPU the engine sees, else the CPU. */
        AUTO,
        /** The CPU. */
        CPU,
        /** A given GPU; fails when the engine does not see it. */
        GPU
    }

    /** The first GPU the engine sees, else the CPU. */
    public static final DeviceRequest AUTO = new DeviceRequest(Kind.AUTO, 0);
    /** The CPU. */
    public static final DeviceRequest CPU = new DeviceRequest(Kind.CPU, 0);

    /**
     * @param index the GPU's number, from 0
     * @return a request for that GPU
     */
    public static DeviceRequest gpu(int index) {
        return new DeviceRequest(Kind.GPU, index);
    }

    /**
     * Parses {@code auto}, {@code cpu}, {@code gpu} (or {@code cuda}), {@code gpu:N} (or {@code cuda:N}), ignoring case.
     *
     * @param text the request as written
     * @return the request
     * @throws IllegalArgumentException for anything else, with the accepted forms
     */
    public static DeviceRequest parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "auto":
                return AUTO;
            case "cpu":
                return CPU;
            case "gpu":
            case "cuda":
                return gpu(0);
            default:
                break;
        }
        String[] parts = t.split(":", 2);
        if (parts.length == 2 && (parts[0].equals("gpu") || parts[0].equals("cuda"))) {
            try {
                int idx = Integer.parseInt(parts[1]);
                if (idx >= 0) {
                    return gpu(idx);
                }
            } catch (NumberFormatException ignored) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("unknown device '" + text + "': use auto, cpu, gpu or gpu:N (N = 0, 1, ...)");
    }

    /**
     * The device to use among those a backend sees. A GPU request the backend cannot serve fails with a message
     * that says why and what to do; {@code auto} falls back to the CPU.
     *
     * @param backend     the backend's name, for the message
     * @param seen        the devices the backend's engine sees
     * @param howToGetGpu one or two sentences: what would give this backend a GPU
     * @return the device to compile for
     * @throws BackendUnavailableException ({@link ErrorAnchor#GPU_UNAVAILABLE}) when a GPU is requested that the
     *                                     engine does not see
     */
    public Device resolve(String backend, List<Device> seen, String howToGetGpu) {
        switch (kind) {
            case CPU:
                return Device.CPU;
            case AUTO:
                return seen.stream().filter(Device::isGpu).findFirst().orElse(Device.CPU);
            default:
                List<Device> gpus = seen.stream().filter(Device::isGpu).toList();
                if (gpus.isEmpty()) {
                    throw new BackendUnavailableException("GPU requested but backend '" + backend
                            + "' sees no GPU. " + howToGetGpu + " Or run on the CPU (device cpu, or auto).",
                            ErrorAnchor.GPU_UNAVAILABLE);
                }
                Device want = Device.gpu(index);
                if (!gpus.contains(want)) {
                    throw new BackendUnavailableException("GPU " + index + " requested but backend '" + backend
                            + "' sees only " + gpus + ".", ErrorAnchor.GPU_UNAVAILABLE);
                }
                return want;
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case GPU -> "gpu:" + index;
        };
    }
}
