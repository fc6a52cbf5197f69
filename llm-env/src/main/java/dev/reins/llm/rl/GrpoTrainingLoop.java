package dev.reins.llm.rl;

import dev.reins.algorithms.grpo.Grpo;
import dev.reins.algorithms.grpo.GrpoMetrics;
import dev.reins.core.metrics.MetricsLogger;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Runs GRPO iterations and logs them: one metrics row per iteration ({@code metrics.csv|jsonl} in the log directory,
 * with {@code wall_seconds}), held-out accuracy before the first iteration, every {@code evalEvery} iterations and
 * after the last, and a progress line at each evaluation.
 *
 * <pre>{@code
 * GrpoTrainingLoop.Outcome o = GrpoTrainingLoop.run(grpo, 300, 25, dir.resolve("grpo_log"),
 *         () -> evaluator.greedy(lm, test).accuracy(), System.out::println);
 * }</pre>
 */
public final class GrpoTrainingLoop {
    private GrpoTrainingLoop() {}

    /** The accuracy curve ({iteration, accuracy} pairs, iteration 0 first) and averages over the iterations. */
    public record Outcome(List<double[]> accuracyCurve, GrpoMetrics last, double meanSampleTokensPerSecond,
            double meanTrainTokensPerSecond, double seconds) {}

    /** Columns of the log: step, accuracy, every {@link GrpoMetrics} value, wall_seconds. */
    public static List<String> columns() {
        List<String> columns = new ArrayList<>(List.of("step", "accuracy"));
        GrpoMetrics.names().stream().filter(k -> !k.equals("iteration")).forEach(columns::add);
        columns.add("wall_seconds");
        return columns;
    }

    /**
     * @param heldOutAccuracy evaluates the current policy, or null to skip evaluation
     */
    public static Outcome run(Grpo<int[]> grpo, int iterations, int evalEvery, Path logDir, DoubleSupplier heldOutAccuracy,
            Consumer<String> progress) throws IOException {
        if (iterations <= 0 || evalEvery <= 0) {
            throw new IllegalArgumentException("GRPO needs iterations > 0 and eval_every > 0, got " + iterations + ", " + evalEvery);
        }
        long start = System.nanoTime();
        List<double[]> curve = new ArrayList<>();
        GrpoMetrics last = null;
        double sampleTps = 0;
        double trainTps = 0;
        try (MetricsLogger log = MetricsLogger.create(logDir, columns())) {
            if (heldOutAccuracy != null) {
                double acc = heldOutAccuracy.getAsDouble();
                curve.add(new double[] {0, acc});
                log.log(Map.of("step", 0L, "accuracy", acc));
                progress.accept(String.format("  GRPO iteration 0: held-out accuracy %.3f", acc));
            }
            for (int i = 1; i <= iterations; i++) {
                GrpoMetrics m = grpo.iterate();
                last = m;
                sampleTps += m.sampleActionsPerSecond();
                trainTps += m.trainActionsPerSecond();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("step", (long) i);
                m.asMap().forEach((k, v) -> {
                    if (!k.equals("iteration")) {
                        row.put(k, v);
                    }
                });
                row.put("wall_seconds", (System.nanoTime() - start) / 1e9);
                if (i % evalEvery == 0 || i == iterations) {
                    String acc = "";
                    if (heldOutAccuracy != null) {
                        double a = heldOutAccuracy.getAsDouble();
                        row.put("accuracy", a);
                        curve.add(new double[] {i, a});
                        acc = String.format(", held-out accuracy %.3f", a);
                    }
                    String kl = Double.isNaN(m.referenceKl()) ? "" : String.format(", KL %.4f", m.referenceKl()); // none at β = 0
                    progress.accept(String.format("  GRPO iteration %d: reward %.3f%s%s, entropy %.3f, clip %.3f, zero-std groups "
                            + "%.2f, length %.2f, %.0f s", i, m.rewardMean(), acc, kl, m.entropy(), m.clipFraction(),
                            m.zeroStdGroupFraction(), m.lengthMean(), (System.nanoTime() - start) / 1e9));
                }
                log.log(row);
            }
        }
        return new Outcome(curve, last, sampleTps / iterations, trainTps / iterations, (System.nanoTime() - start) / 1e9);
    }
}
