package io.github.resnetspi.api.presets;

/**
 * Input size and number of classes a preset is built for.
 *
 * @param channels input channels C
 * @param height   input height H
 * @param width    input width W
 * @param classes  number of classes, ≥ 2
 */
public record PresetOptions(int channels, int height, int width, int classes) {
    /**
     * Checks that the input has positive sizes and there are at least two classes.
     *
     * @param channels input channels C
     * @param height   input height H
     * @param width    input width W
     * @param classes  number of classes, ≥ 2
     */
    public PresetOptions {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("input must have positive channels, height and width, got "
                    + channels + "x" + height + "x" + width);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + classes);
        }
    }

    /**
     * @param c input channels
     * @param h input height
     * @param w input width
     * @return these options for that input size
     */
    public PresetOptions withInput(int c, int h, int w) {
        return new PresetOptions(c, h, w, classes);
    }

    /**
     * @param k number of classes
     * @return these options with {@code k} classes
     */
    public PresetOptions withClasses(int k) {
        return new PresetOptions(channels, height, width, k);
    }
}
