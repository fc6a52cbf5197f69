package dev.reins.bench.llm;

import dev.reins.core.checkpoint.AtomicFiles;
import dev.reins.llm.search.SearchEvaluation;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws search results side by side: held-out accuracy against the forward passes spent per prompt (policy + value,
 * log scale), one line per method over its budgets, greedy as a single point.
 *
 * <pre>{@code
 * SearchCurvePlot.write(results, Path.of("search.png"), "token search, seed 0");
 * }</pre>
 */
public final class SearchCurvePlot {
    private SearchCurvePlot() {}

    public static void write(List<SearchEvaluation.Result> results, Path png, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle("forward passes per prompt (policy + value)")
                .yAxisTitle("held-out accuracy").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisLogarithmic(true);
        Map<String, List<SearchEvaluation.Result>> byMethod = new LinkedHashMap<>();
        for (SearchEvaluation.Result r : results) {
            byMethod.computeIfAbsent(r.method(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<SearchEvaluation.Result>> e : byMethod.entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (SearchEvaluation.Result r : e.getValue()) {
                x.add(Math.max(1.0, r.policyForwards() + r.valueForwards()));
                y.add(r.accuracy());
            }
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(png, out -> out.write(bytes));
    }
}
