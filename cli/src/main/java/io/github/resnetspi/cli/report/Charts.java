package io.github.resnetspi.cli.report;

import io.github.resnetspi.training.EpochMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG line charts of per-epoch metrics with XChart; needs no display ({@code java.awt.headless}). */
public final class Charts {
    private static final Color[] COLORS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75)};

    private Charts() {
    }

    /** Training loss per epoch, one line per successful backend. */
    public static Path loss(List<RunResult> results, Path file) throws IOException {
        XYChart chart = chart("Training loss per epoch", "loss");
        int i = 0;
        for (RunResult r : results) {
            if (r.ok()) {
                add(chart, r.backend(), r.history(), EpochMetrics::loss, COLORS[i++ % COLORS.length], false);
            }
        }
        return save(chart, file);
    }

    /** Train accuracy (dashed) and test accuracy (solid) per epoch, per successful backend. */
    public static Path accuracy(List<RunResult> results, Path file) throws IOException {
        XYChart chart = chart("Accuracy per epoch (solid: test, dashed: train)", "accuracy");
        int i = 0;
        for (RunResult r : results) {
            if (r.ok()) {
                Color c = COLORS[i++ % COLORS.length];
                add(chart, r.backend() + " test", r.history(), EpochMetrics::testAccuracy, c, false);
                add(chart, r.backend() + " train", r.history(), EpochMetrics::trainAccuracy, c, true);
            }
        }
        return save(chart, file);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(1000).height(560).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(220, 220, 220));
        // One legend entry per line to the right: a row below the plot overflows with four backends × two series.
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setMarkerSize(7);
        return chart;
    }

    private static void add(XYChart chart, String name, List<EpochMetrics> h, ToDoubleFunction<EpochMetrics> y,
                            Color color, boolean dashed) {
        double[] xs = h.stream().mapToDouble(EpochMetrics::epoch).toArray();
        double[] ys = h.stream().mapToDouble(y).toArray();
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(dashed ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
        s.setLineStyle(dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f)
                : new BasicStroke(2.5f));
    }

    private static Path save(XYChart chart, Path file) throws IOException {
        if (chart.getSeriesMap().isEmpty()) {
            // XChart cannot draw an empty chart; one invisible point keeps the file (and its title) present.
            XYSeries s = chart.addSeries("no successful run", new double[] {1}, new double[] {0});
            s.setMarker(SeriesMarkers.NONE);
        }
        String name = file.getFileName().toString();
        String base = name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        BitmapEncoder.saveBitmap(chart, file.resolveSibling(base).toString(), BitmapEncoder.BitmapFormat.PNG);
        return file.resolveSibling(base + ".png");
    }
}
