package dev.reins.llm.sft;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Supervised fine-tuning hyperparameters.
 *
 * @param steps optimizer steps
 * @param batchSize examples per step
 * @param learningRate peak Adam step size
 * @param warmupSteps linear warm-up from 0, then cosine decay to 10 % of the peak
 * @param maxGradNorm global gradient-norm clip
 * @param evalEvery steps between held-out loss evaluations (0 = only at the end)
 */
public record SftConfig(
        @JsonProperty("steps") int steps,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("warmup_steps") int warmupSteps,
        @JsonProperty("max_grad_norm") double maxGradNorm,
        @JsonProperty("eval_every") int evalEvery) {

    public SftConfig {
        if (steps <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("SFT needs steps > 0 and batch_size > 0, got " + steps + ", " + batchSize);
        }
        if (!(learningRate > 0) || !(maxGradNorm > 0) || warmupSteps < 0 || evalEvery < 0) {
            throw new IllegalArgumentException("SFT needs learning_rate > 0, max_grad_norm > 0, warmup_steps >= 0, eval_every >= 0; got "
                    + learningRate + ", " + maxGradNorm + ", " + warmupSteps + ", " + evalEvery);
        }
    }

    /** Learning rate at (0-based) step {@code step}. */
    public double learningRateAt(int step) {
        return new dev.reins.llm.train.LearningRateSchedule(learningRate, warmupSteps, steps).at(step);
    }
}
