package io.github.resnetspi.training.data;

import io.github.resnetspi.api.graph.Shape;
import java.util.List;
import java.util.Locale;

/** The datasets a run can name, and how each is obtained. */
public final class Datasets {
    /** Accepted names. */
    public static final List<String> NAMES = List.of(FashionMnist.NAME, Cifar10.NAME, Synthetic.NAME);
    /** Size of the generated dataset before any limit. */
    public static final int SYNTHETIC_TRAIN = 6000;
    public static final int SYNTHETIC_TEST = 1000;

    private Datasets() {
    }

    /** Checks a name; returns it in canonical form. */
    public static String canonical(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cifar-10")) {
            n = Cifar10.NAME;
        }
        if (!NAMES.contains(n)) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; use one of " + String.join(", ", NAMES));
        }
        return n;
    }

    /** Per-example shape (C, H, W) of the stored images of {@code name}, known without loading it. */
    public static Shape shape(String name) {
        return switch (canonical(name)) {
            case Cifar10.NAME -> Shape.of(3, 32, 32);
            default -> Shape.of(1, 28, 28);
        };
    }

    /** Number of classes (10 for every dataset here). */
    public static int classes(String name) {
        canonical(name);
        return 10;
    }

    /** Loads {@code name}; {@code seed} only matters for the synthetic set. */
    public static TrainTest load(String name, DataLocator locator, long seed) {
        return load(name, locator, seed, AptInstaller.disabled());
    }

    /** Loads {@code name}, letting {@code apt} install a missing Fashion-MNIST whose download failed. */
    public static TrainTest load(String name, DataLocator locator, long seed, AptInstaller apt) {
        return switch (canonical(name)) {
            case FashionMnist.NAME -> FashionMnist.load(locator, apt);
            case Cifar10.NAME -> Cifar10.load(locator);
            default -> Synthetic.generate(SYNTHETIC_TRAIN, SYNTHETIC_TEST, seed);
        };
    }
}
