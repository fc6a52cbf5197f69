package dev.reins.llm.sft;

import dev.reins.core.metrics.MetricsLogger;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs SFT steps and logs them: one metrics row per step ({@code metrics.csv|jsonl} in the log directory), the
 * held-out loss and perplexity every {@code eval_every} steps and at the end (with a progress line), and an
 * optional checkpoint every N steps after that step's row is flushed.
 *
 * <pre>{@code
 * SftTrainingLoop.Outcome o = SftTrainingLoop.run(sft, dir.resolve("sft_log"), false, 0, 0, null, System.out::println);
 * }</pre>
 */
public final class SftTrainingLoop {
    private SftTrainingLoop() {}

    /** Saves a checkpoint (model and trainer state). */
    @FunctionalInterface
    public interface Checkpoint {
        void save() throws IOException;
    }

    /**
     * @param lastEvalLoss the held-out loss at the last evaluation (NaN when none ran)
     * @param completionTokens completion tokens trained on in this run
     * @param seconds wall time of this run
     */
    public record Outcome(double lastEvalLoss, long completionTokens, double seconds) {}

    public static final List<String> COLUMNS = List.of("step", "loss", "learning_rate", "grad_norm", "eval_loss", "eval_perplexity",
            "tokens_per_second");

    /**
     * @param resumeLog continue the log after {@code sft.stepsDone()} (a resumed run) instead of starting it afresh
     * @param stopAt stop once this many steps are done (0 = run to the end)
     * @param checkpointEvery steps between checkpoints (0 = none here)
     * @param checkpoint what a checkpoint saves (may be null when {@code checkpointEvery} is 0)
     */
    public static Outcome run(SftTrainer sft, Path logDir, boolean resumeLog, int stopAt, int checkpointEvery, Checkpoint checkpoint,
            Consumer<String> progress) throws IOException {
        long start = System.nanoTime();
        long tokens = 0;
        double lastEvalLoss = Double.NaN;
        int evalEvery = sft.config().evalEvery();
        try (MetricsLogger log = resumeLog ? MetricsLogger.resume(logDir, COLUMNS, sft.stepsDone())
                : MetricsLogger.create(logDir, COLUMNS)) {
            while (!sft.finished() && (stopAt <= 0 || sft.stepsDone() < stopAt)) {
                SftTrainer.StepMetrics m = sft.step();
                tokens += m.completionTokens();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("step", (long) m.step());
                row.put("loss", m.loss());
                row.put("learning_rate", m.learningRate());
                row.put("grad_norm", m.gradNorm());
                row.put("tokens_per_second", m.tokensPerSecond());
                if ((evalEvery > 0 && m.step() % evalEvery == 0) || sft.finished()) {
                    lastEvalLoss = sft.evalLoss();
                    row.put("eval_loss", lastEvalLoss);
                    row.put("eval_perplexity", Math.exp(lastEvalLoss));
                    progress.accept(String.format("  SFT step %d: loss %.4f, held-out loss %.4f (perplexity %.3f), %.0f s", m.step(),
                            m.loss(), lastEvalLoss, Math.exp(lastEvalLoss), (System.nanoTime() - start) / 1e9));
                }
                log.log(row);
                if (checkpointEvery > 0 && m.step() % checkpointEvery == 0 && !sft.finished()) {
                    log.flush();
                    checkpoint.save();
                }
            }
        }
        return new Outcome(lastEvalLoss, tokens, (System.nanoTime() - start) / 1e9);
    }
}
