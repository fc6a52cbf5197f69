package dev.reins.bench.suite;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reins.bench.experiment.RunSummary;
import dev.reins.core.checkpoint.AtomicFiles;
import dev.reins.core.config.Configs;
import dev.reins.envs.registry.Envs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A suite's report: {@code results.md} (per algorithm × env: final deterministic return mean ± std over seeds, success
 * rate against Gymnasium's threshold, steps, wall time, steps/s, then rl-baselines3-zoo's and CleanRL's figures; and a
 * row per run), {@code results.json} (the same, per run), and {@code curves/ENV.png} (per algorithm the mean over seeds
 * of the 100-episode rolling training return, with a band of ± one standard deviation).
 */
public final class SuiteReport {
    private SuiteReport() {}

    /** One (algorithm, env) group of runs. */
    record Group(String algo, String env, List<SuiteRun> runs, List<RunSummary> summaries) {}

    /** Writes results.md, results.json and the curves under {@code root}; returns the markdown. */
    public static String write(Path root, List<SuiteRun> plan, List<RunSummary> summaries, String command) throws IOException {
        return write(root, plan, summaries, command, false);
    }

    /** As above; {@code quick} tells where the imitation rows' experts are. */
    public static String write(Path root, List<SuiteRun> plan, List<RunSummary> summaries, String command, boolean quick)
            throws IOException {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (int i = 0; i < plan.size(); i++) {
            SuiteRun run = plan.get(i);
            groups.computeIfAbsent(run.algo() + "/" + run.env(), k -> new Group(run.algo(), run.env(), new ArrayList<>(), new ArrayList<>()));
            groups.get(run.algo() + "/" + run.env()).runs().add(run);
            groups.get(run.algo() + "/" + run.env()).summaries().add(summaries.get(i));
        }
        String markdown = markdown(groups.values(), command) + imitation(root, groups.values(), quick);
        AtomicFiles.writeString(root.resolve("results.md"), markdown);
        AtomicFiles.writeString(root.resolve("results.json"), json(groups.values(), command));
        Files.createDirectories(root.resolve("curves"));
        for (String env : ClassicSuite.ENVS) {
            List<Group> onEnv = groups.values().stream().filter(g -> g.env().equals(env)).toList();
            if (!onEnv.isEmpty()) {
                plot(root, env, onEnv);
            }
        }
        return markdown;
    }

    private static String markdown(Iterable<Group> groups, String command) {
        StringBuilder md = new StringBuilder("# Classic-control benchmark\n\n");
        md.append("Made by `").append(command).append("`. Final return: deterministic evaluation (each run's last policy, ")
                .append("100 episodes unless --quick) — mean ± std over seeds. Success: seeds whose evaluation mean reached ")
                .append("Gymnasium's threshold. Wall time and steps/s: training only, per run, mean over seeds.\n\n");
        md.append("| algo | env | seeds | final return | success | steps | wall s | steps/s | rl-baselines3-zoo | CleanRL |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Group g : groups) {
            double[] finals = g.summaries().stream().mapToDouble(s -> s.eval() == null ? Double.NaN : s.eval().meanReturn()).toArray();
            java.util.OptionalDouble t = Envs.spec(g.env()).rewardThreshold();
            Double threshold = t.isPresent() ? t.getAsDouble() : null;
            long successes = g.summaries().stream().filter(s -> Boolean.TRUE.equals(s.solved())).count();
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f ± %.1f | %s | %d | %.0f | %.0f | %s | %s |%n", g.algo(), g.env(),
                    finals.length, mean(finals), std(finals), threshold == null ? "–" : successes + "/" + finals.length,
                    g.summaries().get(0).budget(), mean(g.summaries().stream().mapToDouble(RunSummary::wallSeconds).toArray()),
                    mean(g.summaries().stream().mapToDouble(RunSummary::envStepsPerSecond).toArray()), PublishedBaselines.zoo(g.algo(), g.env()),
                    PublishedBaselines.cleanRl(g.algo(), g.env())));
        }
        md.append("\n## Runs\n\n| algo | env | seed | final return | steps | wall s | steps/s |\n|---|---|---|---|---|---|---|\n");
        for (Group g : groups) {
            for (RunSummary s : g.summaries()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %d | %.1f | %.0f |%n", s.algo(), s.env(), s.seed(),
                        s.eval() == null ? "–" : String.format(Locale.ROOT, "%.1f ± %.1f", s.eval().meanReturn(), s.eval().stdReturn()),
                        s.steps(), s.wallSeconds(), s.envStepsPerSecond()));
            }
        }
        md.append("\nLearning curves: `curves/ENV.png` (mean over seeds of the 100-episode rolling training return, band ± 1 std).\n");
        return md.toString();
    }

    /**
     * The imitation rows against their expert: the fraction of the expert's return reached, and the score normalized
     * between a uniformly random policy and the expert, (ret − random) / (expert − random), for envs with negative returns.
     */
    private static String imitation(Path root, Iterable<Group> groups, boolean quick) {
        StringBuilder md = new StringBuilder();
        Map<String, double[]> anchors = new LinkedHashMap<>();
        for (Group g : groups) {
            if (!ImitationExperts.isImitation(g.algo())) {
                continue;
            }
            if (md.length() == 0) {
                md.append("\n## Imitation\n\nEach imitation run learns from ").append(ImitationExperts.DEMO_EPISODES)
                        .append(" recorded episodes of the env's expert (its zoo run, seed 0; DAgger asks that run for labels, one per ")
                        .append("env step, so its steps are its expert labels) without the env's reward. Fraction: final return / ")
                        .append("expert return; normalized: (return − random) / (expert − random), random = uniformly random ")
                        .append("actions over ").append(ImitationExperts.RANDOM_EPISODES).append(" episodes. Mean ± std over seeds.\n\n")
                        .append("| algo | env | seeds | final return | expert | random | fraction of expert | normalized | steps |\n")
                        .append("|---|---|---|---|---|---|---|---|---|\n");
            }
            double[] anchor = anchors.computeIfAbsent(g.env(), env -> new double[] {
                ImitationExperts.expertSummary(root, env, quick).eval().meanReturn(), ImitationExperts.randomReturn(env)});
            double expert = anchor[0];
            double random = anchor[1];
            double[] finals = g.summaries().stream().mapToDouble(s -> s.eval() == null ? Double.NaN : s.eval().meanReturn()).toArray();
            double[] fraction = java.util.Arrays.stream(finals).map(f -> f / expert).toArray();
            double[] normalized = java.util.Arrays.stream(finals).map(f -> (f - random) / (expert - random)).toArray();
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f ± %.1f | %.1f | %.1f | %.3f ± %.3f | %.3f ± %.3f | %d |%n", g.algo(),
                    g.env(), finals.length, mean(finals), std(finals), expert, random, mean(fraction), std(fraction), mean(normalized),
                    std(normalized), g.summaries().get(0).budget()));
        }
        return md.toString();
    }

    private static String json(Iterable<Group> groups, String command) throws IOException {
        ObjectNode root = Configs.json().createObjectNode();
        root.put("command", command);
        ArrayNode runs = root.putArray("runs");
        for (Group g : groups) {
            for (RunSummary s : g.summaries()) {
                runs.add(Configs.json().valueToTree(s));
            }
        }
        return Configs.json().writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static void plot(Path root, String env, List<Group> groups) throws IOException {
        List<SeedBandChart.Series> series = new ArrayList<>();
        for (Group g : groups) {
            List<Path> csvs = g.runs().stream().map(r -> r.folder(root).resolve("metrics.csv")).toList();
            series.add(new SeedBandChart.Series(g.algo(), csvs, g.summaries().get(0).budget()));
        }
        java.util.OptionalDouble spec = Envs.spec(env).rewardThreshold();
        byte[] png = SeedBandChart.png(env, series, spec.isPresent() ? spec.getAsDouble() : null);
        AtomicFiles.write(root.resolve("curves").resolve(env + ".png"), out -> out.write(png));
    }

    /** The mean (NaN if any value is). */
    public static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Population standard deviation (0 for one value). */
    public static double std(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / x.length);
    }
}
