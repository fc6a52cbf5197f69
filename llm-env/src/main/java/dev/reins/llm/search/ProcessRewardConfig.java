package dev.reins.llm.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.reins.llm.train.LearningRateSchedule;

/**
 * Process-reward-model training: how its labels are made from rollouts, and the optimizer.
 *
 * <pre>{@code
 * ProcessRewardConfig c = ProcessRewardConfig.defaults();
 * }</pre>
 *
 * @param samplesPerPrompt completions sampled per training prompt, whose steps are labelled
 * @param rolloutsPerStep completions sampled from each step to label it
 * @param steps optimizer steps
 * @param batchSize labelled steps per optimizer step
 * @param learningRate peak AdamW step size (linear warm-up, then cosine decay to 10 %)
 * @param warmupSteps warm-up steps
 * @param maxGradNorm global gradient-norm clip
 * @param weightDecay AdamW's decoupled weight decay (matrices only)
 * @param evalEvery steps between held-out evaluations (0 = only at the end)
 */
public record ProcessRewardConfig(
        @JsonProperty("samples_per_prompt") int samplesPerPrompt,
        @JsonProperty("rollouts_per_step") int rolloutsPerStep,
        @JsonProperty("steps") int steps,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("warmup_steps") int warmupSteps,
        @JsonProperty("max_grad_norm") double maxGradNorm,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("eval_every") int evalEvery) {

    public ProcessRewardConfig {
        if (samplesPerPrompt <= 0 || rolloutsPerStep <= 0 || steps <= 0 || batchSize <= 0 || warmupSteps < 0 || evalEvery < 0) {
            throw new IllegalArgumentException("process-reward training needs samples_per_prompt, rollouts_per_step, steps and batch_size "
                    + "> 0 and warmup_steps, eval_every >= 0, got " + samplesPerPrompt + ", " + rolloutsPerStep + ", " + steps + ", "
                    + batchSize + ", " + warmupSteps + ", " + evalEvery);
        }
        if (!(learningRate > 0) || !(maxGradNorm > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("process-reward training needs learning_rate > 0, max_grad_norm > 0 and weight_decay >= 0, got "
                    + learningRate + ", " + maxGradNorm + ", " + weightDecay);
        }
    }

    /** 4 samples per prompt, 4 rollouts per step; 1,000 AdamW steps of 64 at 1e-3 after 50 warm-up steps. */
    public static ProcessRewardConfig defaults() {
        return new ProcessRewardConfig(4, 4, 1000, 64, 1e-3, 50, 1.0, 0.0, 200);
    }

    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(learningRate, warmupSteps, steps);
    }
}
