package dev.reins.llm.preference;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.reins.llm.train.LearningRateSchedule;

/**
 * Reward-model training hyperparameters (TRL's {@code RewardConfig} names where it has them).
 *
 * <pre>{@code
 * RewardModelConfig c = new RewardModelConfig(500, 32, 1e-3, 30, 1.0, 0.0, 0.01, 100);
 * }</pre>
 *
 * @param steps optimizer steps
 * @param batchSize preference pairs per step
 * @param learningRate peak AdamW step size (linear warm-up, then cosine decay to 10 %)
 * @param warmupSteps warm-up steps
 * @param maxGradNorm global gradient-norm clip
 * @param weightDecay AdamW's decoupled weight decay (matrices only)
 * @param centerRewardsCoefficient weight of the (r_c + r_r)² term that centres rewards on zero (0 = off)
 * @param evalEvery steps between held-out evaluations (0 = only at the end)
 */
public record RewardModelConfig(
        @JsonProperty("steps") int steps,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("warmup_steps") int warmupSteps,
        @JsonProperty("max_grad_norm") double maxGradNorm,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("center_rewards_coefficient") double centerRewardsCoefficient,
        @JsonProperty("eval_every") int evalEvery) {

    public RewardModelConfig {
        if (steps <= 0 || batchSize <= 0 || warmupSteps < 0 || evalEvery < 0) {
            throw new IllegalArgumentException("reward-model training needs steps > 0, batch_size > 0, warmup_steps >= 0 and eval_every >= 0, "
                    + "got " + steps + ", " + batchSize + ", " + warmupSteps + ", " + evalEvery);
        }
        if (!(learningRate > 0) || !(maxGradNorm > 0) || !(weightDecay >= 0) || !(centerRewardsCoefficient >= 0)) {
            throw new IllegalArgumentException("reward-model training needs learning_rate > 0, max_grad_norm > 0, weight_decay >= 0 and "
                    + "center_rewards_coefficient >= 0, got " + learningRate + ", " + maxGradNorm + ", " + weightDecay + ", "
                    + centerRewardsCoefficient);
        }
    }

    /** Defaults for small models: 300 steps of 16 pairs at 1e-4 after 30 warm-up steps, clip 1, no decay, centring 0.01. */
    public static RewardModelConfig defaults() {
        return new RewardModelConfig(300, 16, 1e-4, 30, 1.0, 0.0, 0.01, 50);
    }

    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(learningRate, warmupSteps, steps);
    }
}
