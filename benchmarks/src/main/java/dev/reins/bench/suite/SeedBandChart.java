package dev.reins.bench.suite;

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
 * A learning-curve chart over seeds: for each series (an algorithm, a sweep's config) the mean over its runs of the
 * 100-episode rolling training return, with a band of ± one standard deviation, and an optional threshold line. The
 * suite report and the sweep report both draw with it.
 *
 * <pre>{@code
 * byte[] png = SeedBandChart.png("CartPole-v1", List.of(new SeedBandChart.Series("ppo", csvs, 100_000)), 475.0);
 * }</pre>
 */
public final class SeedBandChart {
    private static final int GRID = 200;
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127)};

    private SeedBandChart() {}

    /**
     * One curve: the runs' {@code metrics.csv} files and their step budget.
     *
     * @param label the legend's name (the run count is appended)
     */
    public record Series(String label, List<Path> metricsCsvs, long budget) {}

    /** The chart as PNG bytes; series with no complete point are left out. */
    public static byte[] png(String title, List<Series> series, Double threshold) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title + " — training return (mean ± std over seeds)")
                .xAxisTitle("env steps").yAxisTitle("rolling mean of 100 episodes").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        int colour = 0;
        double maxStep = 0;
        for (Series s : series) {
            Color c = PALETTE[colour++ % PALETTE.length];
            maxStep = Math.max(maxStep, s.budget());
            double[] x = new double[GRID];
            for (int i = 0; i < GRID; i++) {
                x[i] = s.budget() * (i + 1.0) / GRID;
            }
            double[][] perSeed = new double[s.metricsCsvs().size()][];
            for (int r = 0; r < perSeed.length; r++) {
                perSeed[r] = RunCurves.rollingOnGrid(s.metricsCsvs().get(r), x, 100);
            }
            List<Double> xs = new ArrayList<>();
            List<Double> mean = new ArrayList<>();
            List<Double> lo = new ArrayList<>();
            List<Double> hi = new ArrayList<>();
            for (int i = 0; i < GRID; i++) {
                double[] column = new double[perSeed.length];
                boolean complete = true;
                for (int r = 0; r < perSeed.length; r++) {
                    column[r] = perSeed[r][i];
                    complete &= !Double.isNaN(column[r]);
                }
                if (complete) {
                    double m = SuiteReport.mean(column);
                    double sd = SuiteReport.std(column);
                    xs.add(x[i]);
                    mean.add(m);
                    lo.add(m - sd);
                    hi.add(m + sd);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            List<Double> bandX = new ArrayList<>(xs);
            List<Double> bandY = new ArrayList<>(hi);
            for (int i = xs.size() - 1; i >= 0; i--) {
                bandX.add(xs.get(i));
                bandY.add(lo.get(i));
            }
            XYSeries band = chart.addSeries(s.label() + " ± std", bandX, bandY);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setMarker(SeriesMarkers.NONE);
            band.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 50));
            band.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 0));
            band.setShowInLegend(false);
            XYSeries line = chart.addSeries(s.label() + " (" + perSeed.length + " seeds)", xs, mean);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(c);
            line.setLineWidth(2.2f);
        }
        if (threshold != null && maxStep > 0) {
            XYSeries t = chart.addSeries("solve threshold", new double[] {0, maxStep}, new double[] {threshold, threshold});
            t.setMarker(SeriesMarkers.NONE);
            t.setLineColor(new Color(200, 60, 40));
            t.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }
}
