package dev.reins.bench.experiment;

import dev.reins.core.checkpoint.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a run's learning curve as a PNG: every episode's return (faint) and the mean of the last 100 episodes against
 * env steps, with the env's solve threshold as a dashed line when it has one.
 */
final class LearningCurvePlot {
    private LearningCurvePlot() {}

    static void write(Path file, String title, EpisodeLog episodes, Double threshold) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle("env steps")
                .yAxisTitle("episode return").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        if (episodes.size() == 0) {
            chart.setTitle(title + " (no episode finished)");
            chart.addSeries("episode return", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        } else {
            List<Double> x = new ArrayList<>();
            for (long s : episodes.steps) {
                x.add((double) s);
            }
            XYSeries raw = chart.addSeries("episode return", x, episodes.returns);
            raw.setMarker(SeriesMarkers.NONE);
            raw.setLineColor(new Color(120, 160, 220, 90));
            List<Double> rolling = new ArrayList<>();
            double sum = 0;
            for (int i = 0; i < episodes.returns.size(); i++) {
                sum += episodes.returns.get(i);
                if (i >= 100) {
                    sum -= episodes.returns.get(i - 100);
                }
                rolling.add(sum / Math.min(i + 1, 100));
            }
            XYSeries mean = chart.addSeries("mean of last 100 episodes", x, rolling);
            mean.setMarker(SeriesMarkers.NONE);
            mean.setLineColor(new Color(20, 60, 160));
            mean.setLineWidth(2.5f);
            if (threshold != null) {
                XYSeries line = chart.addSeries("solve threshold", List.of(x.get(0), x.get(x.size() - 1)),
                        List.of(threshold, threshold));
                line.setMarker(SeriesMarkers.NONE);
                line.setLineColor(new Color(200, 60, 40));
                line.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            }
        }
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(file, out -> out.write(png));
    }
}
