package dev.reins.bench.sweep;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reins.bench.experiment.RunSummary;
import dev.reins.bench.suite.SeedBandChart;
import dev.reins.bench.suite.SuiteReport;
import dev.reins.core.checkpoint.AtomicFiles;
import dev.reins.core.config.Configs;
import dev.reins.envs.registry.Envs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A sweep's report under its folder: {@code results.md} (one row per configuration, ranked by the mean over seeds of
 * the final deterministic evaluation, with its std, the per-seed returns and the mean wall time), {@code results.json}
 * (a list of trials: {@code config_index}, {@code hyperparameters} (the swept values), {@code seed},
 * {@code eval_mean_return}, {@code wall_seconds}, {@code run_dir} relative to the sweep folder) and
 * {@code learning_curves.png} (each configuration's training return, mean ± std over seeds).
 */
public final class SweepReport {
    private SweepReport() {}

    /** One configuration's outcome over its seeds. */
    public record ConfigResult(int configIndex, String values, double mean, double std, List<Double> perSeed, double meanWallSeconds) {}

    /** Writes the three files; returns the configurations, best first. */
    public static List<ConfigResult> write(Path root, SweepSpec spec, List<SweepTrial> trials, List<RunSummary> summaries,
            String command) throws IOException {
        ArrayNode list = Configs.json().createArrayNode();
        for (int i = 0; i < trials.size(); i++) {
            SweepTrial t = trials.get(i);
            RunSummary s = summaries.get(i);
            ObjectNode row = list.addObject();
            row.put("config_index", t.configIndex());
            ObjectNode hp = row.putObject("hyperparameters");
            t.values().forEach(hp::set);
            row.put("seed", t.seed());
            if (s.eval() == null) {
                row.putNull("eval_mean_return");
            } else {
                row.put("eval_mean_return", s.eval().meanReturn());
            }
            row.put("wall_seconds", s.wallSeconds());
            row.put("run_dir", root.relativize(t.folder(root)).toString().replace('\\', '/'));
        }
        AtomicFiles.writeString(root.resolve("results.json"), Configs.json().writerWithDefaultPrettyPrinter().writeValueAsString(list) + "\n");

        List<ConfigResult> results = summarize(trials, summaries);
        AtomicFiles.writeString(root.resolve("results.md"), markdown(spec, results, command));

        List<SeedBandChart.Series> series = new ArrayList<>();
        for (ConfigResult r : results.stream().sorted(Comparator.comparingInt(ConfigResult::configIndex)).toList()) {
            List<Path> csvs = trials.stream().filter(t -> t.configIndex() == r.configIndex())
                    .map(t -> t.folder(root).resolve("metrics.csv")).toList();
            series.add(new SeedBandChart.Series("config " + r.configIndex(), csvs, spec.base().steps()));
        }
        java.util.OptionalDouble threshold = Envs.spec(spec.base().env()).rewardThreshold();
        byte[] png = SeedBandChart.png(spec.base().algo() + " on " + spec.base().env(), series,
                threshold.isPresent() ? threshold.getAsDouble() : null);
        AtomicFiles.write(root.resolve("learning_curves.png"), out -> out.write(png));
        return results;
    }

    /** Per configuration: mean and population std of the evaluation over seeds, best mean first (ties: lower index). */
    static List<ConfigResult> summarize(List<SweepTrial> trials, List<RunSummary> summaries) {
        java.util.Map<Integer, List<Integer>> byConfig = new java.util.TreeMap<>();
        for (int i = 0; i < trials.size(); i++) {
            byConfig.computeIfAbsent(trials.get(i).configIndex(), k -> new ArrayList<>()).add(i);
        }
        List<ConfigResult> out = new ArrayList<>();
        byConfig.forEach((c, rows) -> {
            List<Double> returns = new ArrayList<>();
            double wall = 0;
            for (int i : rows) {
                RunSummary s = summaries.get(i);
                returns.add(s.eval() == null ? Double.NaN : s.eval().meanReturn());
                wall += s.wallSeconds() / rows.size();
            }
            double[] values = returns.stream().mapToDouble(Double::doubleValue).toArray();
            out.add(new ConfigResult(c, SweepPlan.describe(trials.get(rows.get(0)).values()), SuiteReport.mean(values),
                    SuiteReport.std(values), returns, wall));
        });
        out.sort(Comparator.comparingDouble((ConfigResult r) -> Double.isNaN(r.mean()) ? Double.NEGATIVE_INFINITY : r.mean())
                .reversed().thenComparingInt(ConfigResult::configIndex));
        return out;
    }

    private static String markdown(SweepSpec spec, List<ConfigResult> results, String command) {
        StringBuilder md = new StringBuilder();
        md.append("# Sweep: ").append(spec.base().algo()).append(" on ").append(spec.base().env()).append("\n\n");
        md.append(String.format(Locale.ROOT, "`%s` — %d configurations × %d seeds (%s), %d steps each; final deterministic "
                + "evaluation over %d episodes, mean ± std over seeds. Trials are in `trials/config-I/seed-S`.%n%n", command,
                results.size(), spec.seeds().size(), spec.seeds(), spec.base().steps(), spec.base().evalEpisodes()));
        md.append("| rank | config | hyperparameters | eval return | per seed | wall s (mean) |\n");
        md.append("|---:|---:|---|---:|---|---:|\n");
        int rank = 1;
        for (ConfigResult r : results) {
            List<String> seeds = r.perSeed().stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList();
            md.append(String.format(Locale.ROOT, "| %d | %d | `%s` | %.1f ± %.1f | %s | %.1f |%n", rank++, r.configIndex(), r.values(),
                    r.mean(), r.std(), String.join(", ", seeds), r.meanWallSeconds()));
        }
        return md.toString();
    }
}
