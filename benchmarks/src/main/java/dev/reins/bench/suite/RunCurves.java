package dev.reins.bench.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads a run's training episodes from its metrics.csv and samples their rolling mean on a step grid. */
final class RunCurves {
    private RunCurves() {}

    /**
     * At each grid step x, the mean return of the last {@code window} episodes that ended at or before x (NaN before
     * the first episode).
     */
    static double[] rollingOnGrid(Path metricsCsv, double[] grid, int window) {
        List<long[]> steps = new ArrayList<>();
        List<Double> returns = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(metricsCsv);
            List<String> header = Arrays.asList(lines.get(0).split(",", -1));
            int stepColumn = header.indexOf("step");
            int returnColumn = header.indexOf("episode_return");
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                if (returnColumn < cells.length && !cells[returnColumn].isEmpty()) {
                    steps.add(new long[] {Long.parseLong(cells[stepColumn])});
                    returns.add(Double.parseDouble(cells[returnColumn]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metricsCsv, e);
        }
        double[] out = new double[grid.length];
        int next = 0;
        double sum = 0;
        for (int i = 0; i < grid.length; i++) {
            while (next < returns.size() && steps.get(next)[0] <= grid[i]) {
                sum += returns.get(next);
                if (next >= window) {
                    sum -= returns.get(next - window);
                }
                next++;
            }
            out[i] = next == 0 ? Double.NaN : sum / Math.min(next, window);
        }
        return out;
    }
}
