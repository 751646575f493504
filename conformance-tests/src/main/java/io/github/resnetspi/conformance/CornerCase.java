package io.github.resnetspi.conformance;

import io.github.resnetspi.api.graph.AvgPool2d;
import io.github.resnetspi.api.graph.Conv2d;
import io.github.resnetspi.api.graph.MaxPool2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A property case of the kit: a small network around one op whose sizes, batch, kernel, stride and padding are drawn
 * from a seed. The draws are stratified so that every corner the hand-made {@link OpCase op cases} leave out is
 * reached by every op it concerns: a batch of one, maps with a unit spatial dimension (C×1×W, C×H×1), padding on one
 * axis only (both sides, as {@code (1, 1, 0, 0)}), on one side only, and on all four sides unequally — for each op with
 * padding (convolution, max pool, both average pools) — and flatten and batch norm on maps with a unit dimension. The
 * property is "the backend computes what the reference computes for every draw"; the kit checks the draws of seeds
 * {@code base + 1 … base + 16}, {@code base} from {@value #SEED_PROPERTY} (default 0), and each case's id names its
 * seed ({@code maxpool-seed4}), so any failure can be rerun alone.
 *
 * @param op          the network around the op, its input kind and state kind ({@code op.id()} is the case id)
 * @param seed        the seed it was drawn from
 * @param batch       the batch size of its forward passes and SGD steps
 * @param momentum    the SGD momentum of its steps: 0 (plain SGD) and 0.9 alternate from case to case
 * @param description the drawn geometry, for failure messages
 */
public record CornerCase(OpCase op, long seed, int batch, double momentum, String description) {
    /** Shifts the seeds of the drawn cases: {@code -Dresnetspi.conformance.cornerSeed=1000} checks other draws. */
    public static final String SEED_PROPERTY = "resnetspi.conformance.cornerSeed";

    /** The op a case is drawn around. */
    public enum Kind {
        /** A convolution, with or without bias. */
        CONV("conv"),
        /** A max pool, on negative inputs. */
        MAX_POOL("maxpool"),
        /** An average pool that divides by the kernel area. */
        AVG_POOL_INCLUDE_PAD("avgpool-include-pad"),
        /** An average pool that divides by the real cells of each window. */
        AVG_POOL_EXCLUDE_PAD("avgpool-exclude-pad"),
        /** A flatten and a dense layer. */
        FLATTEN("flatten"),
        /** A batch norm with ε and momentum drawn (neither a default), on channels of very different variance. */
        BATCH_NORM("batchnorm");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** @return whether the op slides a window with padding */
        public boolean padded() {
            return ordinal() <= AVG_POOL_EXCLUDE_PAD.ordinal();
        }
    }

    /** How a case's geometry is constrained; the other sizes are drawn. */
    public enum Layout {
        /** Padding on H only, the same on both sides, as {@code (p, p, 0, 0)}; batch 1. */
        ONE_AXIS,
        /** Padding on one side of one axis only; the other axis of size 1 (and kernel 1). */
        ONE_SIDE_UNIT_MAP,
        /** Padding drawn per side, unequal on at least one axis, with W above 1 and H above 1. */
        FOUR_SIDES,
        /** Flatten or batch norm of a C×1×W map, batch 1. */
        UNIT_H,
        /** Flatten or batch norm of a C×H×1 map, batch 2. */
        UNIT_W
    }

    /** @return the case id, e.g. {@code maxpool-seed4} */
    public String id() {
        return op.id();
    }

    /** @return the cases the kit checks, from the seed base of {@value #SEED_PROPERTY} */
    public static List<CornerCase> all() {
        return all(Long.getLong(SEED_PROPERTY, 0));
    }

    /**
     * @param base the seed base
     * @return three cases per padded op (one per padded layout), two each for flatten and batch norm, seeds
     *         {@code base + 1 …} in that order
     */
    public static List<CornerCase> all(long base) {
        List<CornerCase> out = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            List<Layout> layouts = kind.padded() ? List.of(Layout.ONE_AXIS, Layout.ONE_SIDE_UNIT_MAP, Layout.FOUR_SIDES)
                    : List.of(Layout.UNIT_H, Layout.UNIT_W);
            for (Layout layout : layouts) {
                out.add(draw(kind, layout, base + out.size() + 1, out.size() % 2 == 0 ? 0 : KitCases.STEP_MOMENTUM));
            }
        }
        return List.copyOf(out);
    }

    /**
     * @param id a case id of {@link #all()}
     * @return the case
     * @throws IllegalArgumentException for an unknown id
     */
    public static CornerCase get(String id) {
        return all().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no corner case '" + id + "' (seed base "
                        + Long.getLong(SEED_PROPERTY, 0) + ")"));
    }

    /** Draws one case of {@code kind} in {@code layout} from {@code seed}. */
    static CornerCase draw(Kind kind, Layout layout, long seed, double momentum) {
        SplittableRandom rng = new SplittableRandom(seed);
        String id = kind.label + "-seed" + seed;
        int c = 1 + rng.nextInt(3);
        if (kind == Kind.FLATTEN || kind == Kind.BATCH_NORM) {
            boolean unitH = layout == Layout.UNIT_H;
            int other = kind == Kind.BATCH_NORM ? 4 + rng.nextInt(3) : 2 + rng.nextInt(4);
            int h = unitH ? 1 : other;
            int w = unitH ? other : 1;
            int batch = unitH ? 1 : 2;
            if (kind == Kind.FLATTEN) {
                int units = 3 + rng.nextInt(3);
                c = 2 + rng.nextInt(3);
                String d = String.format(Locale.ROOT, "flatten of %dx%dx%d then dense(%d), batch %d (seed %d)", c, h, w, units, batch, seed);
                OpCase oc = new OpCase(id, c, h, w, OpCase.Input.UNIFORM, OpCase.State.RANDOM,
                        b -> b.dense("fc", b.flatten("flatten", Network.INPUT), units, true));
                return new CornerCase(oc, seed, batch, momentum, d);
            }
            // channels of very different variance; a non-default ε and momentum
            c = 3 + rng.nextInt(4);
            double eps = rng.nextBoolean() ? 1e-4 : 1e-3;
            double bnMomentum = 0.05 + 0.05 * rng.nextInt(6);
            String d = String.format(Locale.ROOT, "batch norm (eps %.0e, momentum %.2f) of %dx%dx%d, batch %d (seed %d)", eps,
                    bnMomentum, c, h, w, batch, seed);
            OpCase oc = new OpCase(id, c, h, w, OpCase.Input.SCALED_CHANNELS, OpCase.State.RANDOM,
                    b -> b.batchNorm("bn", Network.INPUT, eps, bnMomentum));
            return new CornerCase(oc, seed, batch, momentum, d);
        }
        int kh;
        int kw;
        int sh = 1 + rng.nextInt(2);
        int sw = 1 + rng.nextInt(2);
        int h;
        int w;
        int batch;
        Padding pad;
        switch (layout) {
            case ONE_AXIS -> {
                kh = 2 + rng.nextInt(2);
                kw = 1 + rng.nextInt(3);
                int p = 1 + rng.nextInt(kh - 1);
                pad = new Padding(p, p, 0, 0);
                h = kh + rng.nextInt(4);
                w = kw + 1 + rng.nextInt(4);
                batch = 1;
            }
            case ONE_SIDE_UNIT_MAP -> {
                // the unit axis alternates with the op, so that each of C×1×W and C×H×1 is pooled or convolved
                boolean unitH = kind.ordinal() % 2 == 0;
                int k = 2 + rng.nextInt(2);
                int len = k + rng.nextInt(4);
                int p = 1 + rng.nextInt(k - 1);
                boolean before = rng.nextBoolean();
                kh = unitH ? 1 : k;
                kw = unitH ? k : 1;
                h = unitH ? 1 : len;
                w = unitH ? len : 1;
                sh = unitH ? 1 : sh;
                sw = unitH ? sw : 1;
                pad = unitH ? new Padding(0, 0, before ? p : 0, before ? 0 : p) : new Padding(before ? p : 0, before ? 0 : p, 0, 0);
                batch = 1 + rng.nextInt(2);
            }
            case FOUR_SIDES -> {
                kh = 2 + rng.nextInt(2);
                kw = 2 + rng.nextInt(2);
                do {
                    pad = new Padding(rng.nextInt(kh), rng.nextInt(kh), rng.nextInt(kw), rng.nextInt(kw));
                } while (pad.isSymmetric());
                h = kh + rng.nextInt(5);
                w = kw + rng.nextInt(5);
                batch = 1 + rng.nextInt(3);
            }
            default -> throw new IllegalArgumentException(layout + " is not a layout of a padded op");
        }
        int outC = 2 + rng.nextInt(3);
        boolean bias = rng.nextBoolean();
        String what = switch (kind) {
            case CONV -> String.format(Locale.ROOT, "conv(%d out, %s)", outC, bias ? "bias" : "no bias");
            case MAX_POOL -> "max pool";
            case AVG_POOL_INCLUDE_PAD -> "avg pool (include pad)";
            default -> "avg pool (exclude pad)";
        };
        String d = String.format(Locale.ROOT, "%s of %dx%dx%d, batch %d, kernel %dx%d, stride %dx%d, %s (seed %d)", what, c, h, w,
                batch, kh, kw, sh, sw, pad, seed);
        int fkh = kh;
        int fkw = kw;
        int fsh = sh;
        int fsw = sw;
        Padding fpad = pad;
        OpCase oc = switch (kind) {
            case CONV -> new OpCase(id, c, h, w, OpCase.Input.UNIFORM, OpCase.State.RANDOM,
                    b -> b.conv("conv", Network.INPUT, new Conv2d(outC, fkh, fkw, fsh, fsw, fpad, bias)));
            // negative inputs: a pad cell that took part as 0 would win
            case MAX_POOL -> new OpCase(id, c, h, w, OpCase.Input.NEGATIVE, OpCase.State.RANDOM,
                    b -> b.node("pool", new MaxPool2d(fkh, fkw, fsh, fsw, fpad), Network.INPUT));
            default -> new OpCase(id, c, h, w, OpCase.Input.UNIFORM, OpCase.State.RANDOM,
                    b -> b.node("pool", new AvgPool2d(fkh, fkw, fsh, fsw, fpad, kind == Kind.AVG_POOL_INCLUDE_PAD), Network.INPUT));
        };
        return new CornerCase(oc, seed, batch, momentum, d);
    }
}
