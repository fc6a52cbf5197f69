package dev.reins.bench.games;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reins.core.checkpoint.AtomicFiles;
import dev.reins.core.config.Configs;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * A table and a stacked-bar PNG of board-game matches, from the {@code eval.json} files {@code reins eval} writes: one
 * row and one bar (wins, draws, losses from the agent's side) per file, named by the file.
 *
 * <pre>{@code
 * ./reins report --matches c4-seed0-vs-uct1000.json c4-seed0-vs-alphabeta4.json --png c4.png --title "AlphaZero, Connect Four"
 * }</pre>
 */
public final class MatchReport {
    private MatchReport() {}

    /** One match: the file's name, its opponent and its counts. */
    public record Row(String name, String opponent, int games, int wins, int draws, int losses) {}

    /** Reads match results; a file that is not one is one line naming it. */
    public static List<Row> read(List<Path> files) {
        List<Row> rows = new ArrayList<>();
        for (Path file : files) {
            JsonNode j;
            try {
                j = Configs.json().readTree(file.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ": not a match result (" + Configs.describe(e) + ")");
            }
            for (String key : new String[] {"opponent", "games", "wins", "draws", "losses"}) {
                if (j == null || !j.has(key)) {
                    throw new IllegalArgumentException(file + ": not a match result of 'reins eval' (no '" + key + "')");
                }
            }
            String name = file.getFileName().toString().replaceFirst("\\.json$", "");
            rows.add(new Row(name, j.get("opponent").asText(), j.get("games").asInt(), j.get("wins").asInt(), j.get("draws").asInt(),
                    j.get("losses").asInt()));
        }
        return rows;
    }

    /** The rows as a markdown table. */
    public static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("| match | opponent | games | wins | draws | losses | score |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %.1f %% |%n", r.name(), r.opponent(), r.games(), r.wins(),
                    r.draws(), r.losses(), 100.0 * (r.wins() + 0.5 * r.draws()) / r.games()));
        }
        return md.toString();
    }

    /** Stacked bars of wins, draws and losses, one per match. */
    public static void writePng(Path file, String title, List<Row> rows) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(700, 90 * rows.size())).height(520).title(title)
                .xAxisTitle("match").yAxisTitle("games").build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setSeriesColors(new Color[] {new Color(40, 140, 60), new Color(170, 170, 170), new Color(200, 60, 40)});
        List<String> names = rows.stream().map(Row::name).toList();
        chart.addSeries("wins", names, rows.stream().map(r -> (Number) r.wins()).toList());
        chart.addSeries("draws", names, rows.stream().map(r -> (Number) r.draws()).toList());
        chart.addSeries("losses", names, rows.stream().map(r -> (Number) r.losses()).toList());
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(file, out -> out.write(png));
    }
}
