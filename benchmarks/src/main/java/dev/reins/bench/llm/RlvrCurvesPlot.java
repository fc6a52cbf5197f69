package dev.reins.bench.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reins.core.checkpoint.AtomicFiles;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a GRPO run's curves from its {@code metrics.jsonl}: held-out accuracy (at evaluation iterations) and the
 * mean reward of each iteration's samples, against GRPO iterations.
 */
public final class RlvrCurvesPlot {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RlvrCurvesPlot() {}

    public static void write(Path metricsJsonl, Path png, String title) throws IOException {
        List<Double> accX = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        List<Double> rewardX = new ArrayList<>();
        List<Double> reward = new ArrayList<>();
        List<Double> kl = new ArrayList<>();
        for (String line : Files.readAllLines(metricsJsonl)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = JSON.readTree(line);
            double step = row.path("step").asDouble();
            if (row.hasNonNull("accuracy")) {
                accX.add(step);
                acc.add(row.get("accuracy").asDouble());
            }
            if (row.hasNonNull("reward_mean")) {
                rewardX.add(step);
                reward.add(row.get("reward_mean").asDouble());
                kl.add(row.path("kl").asDouble(Double.NaN));
            }
        }
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle("GRPO iteration")
                .yAxisTitle("accuracy / reward").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        if (!reward.isEmpty()) {
            XYSeries r = chart.addSeries("mean reward of samples (temperature 1)", rewardX, reward);
            r.setMarker(SeriesMarkers.NONE);
            r.setLineColor(new Color(120, 160, 220));
        }
        if (!acc.isEmpty()) {
            XYSeries a = chart.addSeries("held-out accuracy (greedy)", accX, acc);
            a.setMarker(SeriesMarkers.CIRCLE);
            a.setLineColor(new Color(200, 60, 40));
            a.setMarkerColor(new Color(200, 60, 40));
            a.setLineWidth(2.5f);
        }
        if (reward.isEmpty() && acc.isEmpty()) {
            chart.addSeries("no data", new double[] {0}, new double[] {0});
        }
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(png, out -> out.write(bytes));
    }
}
