package io.github.resnetspi.api.presets;

/** Input size and number of classes a preset is built for. */
public record PresetOptions(int channels, int height, int width, int classes) {
    public PresetOptions {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("input must have positive channels, height and width, got "
                    + channels + "x" + height + "x" + width);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + classes);
        }
    }

    public PresetOptions withInput(int c, int h, int w) {
        return new PresetOptions(c, h, w, classes);
    }

    public PresetOptions withClasses(int k) {
        return new PresetOptions(channels, height, width, k);
    }
}
