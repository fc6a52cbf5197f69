package dev.reins.bench.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reins.core.checkpoint.AtomicFiles;
import dev.reins.llm.rlhf.RlhfDemo;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The RLHF demo's two plots: the reward–KL frontier (gold reward against KL to the SFT model, one line per method
 * through its settings) and, for PPO's main setting, the reward model's score beside the gold score per iteration (a
 * reward model being exploited shows as the two parting).
 */
public final class RlhfDemoPlots {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Color[] COLORS = {new Color(200, 60, 40), new Color(40, 110, 200), new Color(60, 160, 80), new Color(150, 80, 180),
        new Color(230, 150, 30), new Color(90, 90, 90)};

    private RlhfDemoPlots() {}

    public static void frontier(RlhfDemo.Result r, Path png, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle("KL to the SFT model (nats per completion)")
                .yAxisTitle("gold reward (held-out prompts)").build();
        style(chart);
        Map<String, List<RlhfDemo.Point>> byMethod = new LinkedHashMap<>();
        r.frontier().forEach(p -> byMethod.computeIfAbsent(p.method(), k -> new ArrayList<>()).add(p));
        int c = 0;
        for (Map.Entry<String, List<RlhfDemo.Point>> e : byMethod.entrySet()) {
            List<RlhfDemo.Point> points = new ArrayList<>(e.getValue());
            points.sort(Comparator.comparingDouble(RlhfDemo.Point::klToSft));
            XYSeries s = chart.addSeries(e.getKey() + (e.getKey().equals("best_of_n") ? " (KL bound)" : ""),
                    points.stream().map(RlhfDemo.Point::klToSft).toList(), points.stream().map(RlhfDemo.Point::goldReward).toList());
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(COLORS[c % COLORS.length]);
            s.setMarkerColor(COLORS[c % COLORS.length]);
            c++;
        }
        XYSeries sft = chart.addSeries("SFT", new double[] {0}, new double[] {r.sft().goldReward()});
        sft.setMarker(SeriesMarkers.DIAMOND);
        sft.setMarkerColor(Color.BLACK);
        sft.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        write(chart, png);
    }

    /** Reward-model score and gold score of PPO's samples per iteration, from the run's metrics.jsonl. */
    public static void hacking(Path metricsJsonl, Path png, String title) throws IOException {
        List<Double> x = new ArrayList<>();
        List<Double> rm = new ArrayList<>();
        List<Double> gold = new ArrayList<>();
        for (String line : Files.readAllLines(metricsJsonl)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = JSON.readTree(line);
            if (row.hasNonNull("objective/scores") && row.hasNonNull("objective/monitor_scores")) {
                x.add(row.path("step").asDouble());
                rm.add(row.get("objective/scores").asDouble());
                gold.add(row.get("objective/monitor_scores").asDouble());
            }
        }
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle("PPO iteration").yAxisTitle("score of samples")
                .build();
        style(chart);
        if (x.isEmpty()) {
            chart.addSeries("no data", new double[] {0}, new double[] {0});
        } else {
            XYSeries a = chart.addSeries("reward model (what PPO maximizes)", x, rm);
            a.setMarker(SeriesMarkers.NONE);
            a.setLineColor(COLORS[1]);
            XYSeries b = chart.addSeries("gold reward (hidden from training)", x, gold);
            b.setMarker(SeriesMarkers.NONE);
            b.setLineColor(COLORS[0]);
        }
        write(chart, png);
    }

    private static void style(XYChart chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    }

    private static void write(XYChart chart, Path png) throws IOException {
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(png, out -> out.write(bytes));
    }
}
