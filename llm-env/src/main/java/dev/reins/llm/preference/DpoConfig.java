package dev.reins.llm.preference;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.reins.llm.train.LearningRateSchedule;

/**
 * Direct preference optimization hyperparameters (TRL's {@code DPOConfig} names where it has them).
 *
 * <pre>{@code
 * DpoConfig ipo = DpoConfig.defaults().withLossType("ipo").withBeta(0.5);
 * }</pre>
 *
 * @param steps optimizer steps
 * @param batchSize preference pairs per step
 * @param learningRate peak AdamW step size (linear warm-up, then cosine decay to 10 %)
 * @param warmupSteps warm-up steps
 * @param maxGradNorm global gradient-norm clip
 * @param weightDecay AdamW's decoupled weight decay (matrices only)
 * @param beta strength of the implicit KL to the reference (smaller = further from it)
 * @param lossType {@code sigmoid} (DPO), {@code ipo}, {@code hinge} or {@code simpo}; see {@link PreferenceLoss}
 * @param labelSmoothing conservative DPO's ε (sigmoid only)
 * @param simpoGamma SimPO's target reward margin γ
 * @param evalEvery steps between held-out evaluations (0 = only at the end)
 */
public record DpoConfig(
        @JsonProperty("steps") int steps,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("warmup_steps") int warmupSteps,
        @JsonProperty("max_grad_norm") double maxGradNorm,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("beta") double beta,
        @JsonProperty("loss_type") String lossType,
        @JsonProperty("label_smoothing") double labelSmoothing,
        @JsonProperty("simpo_gamma") double simpoGamma,
        @JsonProperty("eval_every") int evalEvery) {

    public DpoConfig {
        if (steps <= 0 || batchSize <= 0 || warmupSteps < 0 || evalEvery < 0) {
            throw new IllegalArgumentException("DPO needs steps > 0, batch_size > 0, warmup_steps >= 0 and eval_every >= 0, got " + steps
                    + ", " + batchSize + ", " + warmupSteps + ", " + evalEvery);
        }
        if (!(learningRate > 0) || !(maxGradNorm > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("DPO needs learning_rate > 0, max_grad_norm > 0 and weight_decay >= 0, got " + learningRate
                    + ", " + maxGradNorm + ", " + weightDecay);
        }
        loss(beta, lossType, labelSmoothing, simpoGamma); // validates the loss settings
    }

    /** DPO defaults for small models: 200 steps of 16 pairs at 5e-5 after 20 warm-up steps, β = 0.1, sigmoid loss. */
    public static DpoConfig defaults() {
        return new DpoConfig(200, 16, 5e-5, 20, 1.0, 0.0, 0.1, "sigmoid", 0.0, 0.5, 50);
    }

    public DpoConfig withLossType(String type) {
        return new DpoConfig(steps, batchSize, learningRate, warmupSteps, maxGradNorm, weightDecay, beta, type, labelSmoothing, simpoGamma,
                evalEvery);
    }

    public DpoConfig withSteps(int n) {
        return new DpoConfig(n, batchSize, learningRate, warmupSteps, maxGradNorm, weightDecay, beta, lossType, labelSmoothing, simpoGamma,
                evalEvery);
    }

    public DpoConfig withBeta(double b) {
        return new DpoConfig(steps, batchSize, learningRate, warmupSteps, maxGradNorm, weightDecay, b, lossType, labelSmoothing, simpoGamma,
                evalEvery);
    }

    public PreferenceLoss loss() {
        return loss(beta, lossType, labelSmoothing, simpoGamma);
    }

    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(learningRate, warmupSteps, steps);
    }

    private static PreferenceLoss loss(double beta, String lossType, double labelSmoothing, double simpoGamma) {
        if (lossType == null) {
            throw new IllegalArgumentException("loss_type must be one of " + PreferenceLoss.TYPES);
        }
        return PreferenceLoss.named(lossType, beta, labelSmoothing, simpoGamma);
    }
}
