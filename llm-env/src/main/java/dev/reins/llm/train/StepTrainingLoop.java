package dev.reins.llm.train;

import dev.reins.core.metrics.MetricsLogger;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a {@link StepTrainer} and logs it: one metrics row per step ({@code metrics.csv|jsonl} in the log directory),
 * the held-out metrics every {@code eval_every} steps and at the end (with a progress line), and an optional
 * checkpoint every N steps after that step's row is flushed.
 *
 * <pre>{@code
 * StepTrainingLoop.Outcome o = StepTrainingLoop.run(sft, dir.resolve("sft_log"), false, 0, 0, null, System.out::println);
 * }</pre>
 */
public final class StepTrainingLoop {
    private StepTrainingLoop() {}

    /** Saves a checkpoint (model and trainer state). */
    @FunctionalInterface
    public interface Checkpoint {
        void save() throws IOException;
    }

    /**
     * @param lastEvaluation the held-out metrics of the last evaluation (empty when none ran)
     * @param steps steps run in this call
     * @param seconds wall time of this call
     */
    public record Outcome(Map<String, Double> lastEvaluation, int steps, double seconds) {
        /** A held-out metric of the last evaluation, NaN when there is none. */
        public double eval(String name) {
            return lastEvaluation.getOrDefault(name, Double.NaN);
        }
    }

    /**
     * @param resumeLog continue the log after {@code trainer.stepsDone()} (a resumed run) instead of starting it afresh
     * @param stopAt stop once this many steps are done (0 = run to the end)
     * @param checkpointEvery steps between checkpoints (0 = none here)
     * @param checkpoint what a checkpoint saves (may be null when {@code checkpointEvery} is 0)
     */
    public static Outcome run(StepTrainer trainer, Path logDir, boolean resumeLog, int stopAt, int checkpointEvery, Checkpoint checkpoint,
            Consumer<String> progress) throws IOException {
        long start = System.nanoTime();
        int steps = 0;
        Map<String, Double> lastEvaluation = Map.of();
        int evalEvery = trainer.evalEvery();
        try (MetricsLogger log = resumeLog ? MetricsLogger.resume(logDir, trainer.columns(), trainer.stepsDone())
                : MetricsLogger.create(logDir, trainer.columns())) {
            while (!trainer.finished() && (stopAt <= 0 || trainer.stepsDone() < stopAt)) {
                Map<String, Double> metrics = trainer.step();
                steps++;
                int step = trainer.stepsDone();
                Map<String, Object> row = new LinkedHashMap<>();
                metrics.forEach((k, v) -> row.put(k, k.equals("step") ? (Object) (long) step : v));
                if ((evalEvery > 0 && step % evalEvery == 0) || trainer.finished()) {
                    lastEvaluation = trainer.evaluate();
                    row.putAll(lastEvaluation);
                    Map<String, Double> all = new LinkedHashMap<>(metrics);
                    all.putAll(lastEvaluation);
                    progress.accept(String.format("  %s, %.0f s", trainer.progressLine(all), (System.nanoTime() - start) / 1e9));
                }
                log.log(row);
                if (checkpointEvery > 0 && step % checkpointEvery == 0 && !trainer.finished()) {
                    log.flush();
                    checkpoint.save();
                }
            }
        }
        return new Outcome(lastEvaluation, steps, (System.nanoTime() - start) / 1e9);
    }
}
