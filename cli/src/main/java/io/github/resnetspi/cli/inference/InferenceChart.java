package io.github.resnetspi.cli.inference;

import io.github.resnetspi.cli.report.Charts;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** The inference report's chart: batch-1 latency p50, p90 and p99 of each side that measured, as grouped bars. */
final class InferenceChart {
    private InferenceChart() {
    }

    static void latency(InferenceReport report, OutputStream out) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("EVAL forward latency at batch 1 (" + report.settings().model() + ", " + report.input() + ")")
                .xAxisTitle("side").yAxisTitle("milliseconds").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setSeriesColors(new Color[] {new Color(31, 119, 180), new Color(255, 127, 14),
                new Color(214, 39, 40)});
        List<String> sides = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p90 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (InferenceRow r : report.rows()) {
            if (r.measured()) {
                sides.add(r.ok() ? r.side() : r.side() + " (" + r.status() + ")");
                p50.add(r.p50Ms());
                p90.add(r.p90Ms());
                p99.add(r.p99Ms());
            }
        }
        if (sides.isEmpty()) {
            // XChart cannot draw an empty chart; one empty bar keeps the file (and its title) present.
            sides.add("no side measured");
            p50.add(0.0);
            p90.add(0.0);
            p99.add(0.0);
        }
        chart.addSeries("p50", sides, p50);
        chart.addSeries("p90", sides, p90);
        chart.addSeries("p99", sides, p99);
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
}
