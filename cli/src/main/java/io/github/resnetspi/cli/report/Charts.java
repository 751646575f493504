package io.github.resnetspi.cli.report;

import io.github.resnetspi.cli.cell.RunResult;
import io.github.resnetspi.training.EpochMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG line charts of a comparison with XChart (needs no display: {@code java.awt.headless}). Each backend has one
 * colour: a bold line for its mean over the finished runs and, when it has several, every run as a thin faint line
 * of the same colour, so the seed-to-seed spread is visible as a band of lines.
 */
public final class Charts {
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 560;
    private static final Color[] COLORS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75)};
    private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {8f, 6f}, 0f);

    private Charts() {
    }

    /** Training loss per epoch. */
    public static void loss(ComparisonReport report, OutputStream out) throws IOException {
        XYChart chart = chart(title("Training loss per epoch", report), "epoch", "loss");
        forEachBackend(report, (name, runs, color, width) -> perEpoch(chart, name, runs, EpochMetrics::loss, color, width, false));
        save(chart, out);
    }

    /** Test accuracy (solid) and train accuracy (dashed) per epoch. */
    public static void accuracy(ComparisonReport report, OutputStream out) throws IOException {
        XYChart chart = chart(title("Accuracy per epoch (solid: test, dashed: train)", report), "epoch", "accuracy");
        forEachBackend(report, (name, runs, color, width) -> {
            perEpoch(chart, name + " test", runs, EpochMetrics::testAccuracy, color, width, false);
            perEpoch(chart, name + " train", runs, EpochMetrics::trainAccuracy, color, width, true);
        });
        save(chart, out);
    }

    /**
     * Test accuracy against training seconds (the summed epoch times, {@link RunResult#elapsedSeconds}), one point per
     * epoch, with the target accuracy as a grey dashed line.
     */
    public static void timeToAccuracy(ComparisonReport report, OutputStream out) throws IOException {
        XYChart chart = chart(title(String.format(Locale.ROOT, "Test accuracy against training time (target %.2f)",
                report.targetAccuracy()), report), "training seconds (epochs summed)", "test accuracy");
        chart.getStyler().setXAxisDecimalPattern("0");
        double[] maxX = {0};
        forEachBackend(report, (name, runs, color, width) -> {
            int epochs = minEpochs(runs);
            double[] xs = new double[epochs];
            double[] ys = new double[epochs];
            for (RunResult r : runs) {
                double[] rx = new double[r.history().size()];
                double[] ry = new double[rx.length];
                for (int i = 0; i < rx.length; i++) {
                    rx[i] = r.elapsedSeconds(i);
                    ry[i] = r.history().get(i).testAccuracy();
                    maxX[0] = Math.max(maxX[0], rx[i]);
                }
                for (int i = 0; i < epochs; i++) {
                    xs[i] += rx[i] / runs.size();
                    ys[i] += ry[i] / runs.size();
                }
                if (runs.size() > 1) {
                    faint(chart, r.label() + " ", rx, ry, color);
                }
            }
            bold(chart, name + (runs.size() > 1 ? " (mean of " + runs.size() + ")" : ""), xs, ys, color, width, false);
        });
        if (maxX[0] > 0) {
            XYSeries target = chart.addSeries("target " + report.targetAccuracy(), new double[] {0, maxX[0]},
                    new double[] {report.targetAccuracy(), report.targetAccuracy()});
            target.setLineColor(Color.GRAY);
            target.setLineStyle(DASHED);
            target.setMarker(SeriesMarkers.NONE);
        }
        save(chart, out);
    }

    @FunctionalInterface
    private interface BackendSeries {
        void draw(String backend, List<RunResult> finished, Color color, float width);
    }

    /**
     * Each backend with finished runs, its colour and the width of its bold line: the first backend's is the widest,
     * so that backends whose numbers coincide (as they should) show as nested stripes instead of hiding each other.
     */
    private static void forEachBackend(ComparisonReport report, BackendSeries series) {
        int n = report.backends().size();
        for (int i = 0; i < n; i++) {
            String backend = report.backends().get(i);
            List<RunResult> finished = report.runsOf(backend).stream().filter(RunResult::ok).toList();
            if (!finished.isEmpty()) {
                series.draw(backend, finished, COLORS[i % COLORS.length], 2.5f + 2f * (n - 1 - i));
            }
        }
    }

    private static void perEpoch(XYChart chart, String name, List<RunResult> runs, ToDoubleFunction<EpochMetrics> y,
                                 Color color, float width, boolean dashed) {
        int epochs = minEpochs(runs);
        double[] xs = new double[epochs];
        double[] mean = new double[epochs];
        for (int i = 0; i < epochs; i++) {
            xs[i] = i + 1;
        }
        for (RunResult r : runs) {
            double[] ry = r.history().stream().mapToDouble(y).toArray();
            for (int i = 0; i < epochs; i++) {
                mean[i] += ry[i] / runs.size();
            }
            if (runs.size() > 1) {
                double[] rx = new double[ry.length];
                for (int i = 0; i < rx.length; i++) {
                    rx[i] = i + 1;
                }
                faint(chart, r.label() + " " + name, rx, ry, color);
            }
        }
        bold(chart, name + (runs.size() > 1 ? " (mean of " + runs.size() + ")" : ""), xs, mean, color, width, dashed);
    }

    /** Runs of one backend have the same number of epochs; should one differ, the mean covers the epochs all have. */
    private static int minEpochs(List<RunResult> runs) {
        return runs.stream().mapToInt(r -> r.history().size()).min().orElse(0);
    }

    private static void bold(XYChart chart, String name, double[] xs, double[] ys, Color color, float width,
                             boolean dashed) {
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(dashed ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
        s.setLineStyle(dashed ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {8f, 6f}, 0f) : new BasicStroke(width));
    }

    private static void faint(XYChart chart, String name, double[] xs, double[] ys, Color color) {
        XYSeries s = chart.addSeries(name, xs, ys);
        Color light = new Color(color.getRed(), color.getGreen(), color.getBlue(), 80);
        s.setLineColor(light);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(new BasicStroke(1f));
        s.setShowInLegend(false);
    }

    private static String title(String what, ComparisonReport report) {
        long seeds = report.runs().stream().mapToLong(RunResult::seed).distinct().count();
        return seeds > 1 ? what + "; bold: mean of the seeds, thin: each run" : what;
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(220, 220, 220));
        // One legend entry per line to the right: a row below the plot overflows with four backends × two series.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setMarkerSize(7);
        return chart;
    }

    private static void save(XYChart chart, OutputStream out) throws IOException {
        if (chart.getSeriesMap().isEmpty()) {
            // XChart cannot draw an empty chart; one invisible point keeps the file (and its title) present.
            XYSeries s = chart.addSeries("no finished run", new double[] {1}, new double[] {0});
            s.setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
}
