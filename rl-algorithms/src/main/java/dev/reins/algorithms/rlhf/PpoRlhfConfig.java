package dev.reins.algorithms.rlhf;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.reins.algorithms.ConfigChecks;
import dev.reins.algorithms.loss.ClippedSurrogateLoss;

/**
 * PPO-RLHF hyperparameters (TRL's {@code PPOConfig} names in the comments where ours differ).
 *
 * <pre>{@code
 * PpoRlhfConfig c = PpoRlhfConfig.defaults().withKlCoefficient(0.1).withMaxEpisodeSteps(32);
 * }</pre>
 *
 * @param promptsPerIteration episodes (prompts, one completion each) sampled per iteration (TRL: batch_size)
 * @param epochs optimizer passes over each batch (num_ppo_epochs)
 * @param minibatchSize episodes per optimizer step
 * @param learningRate the policy's AdamW step size
 * @param criticLearningRate the critic's AdamW step size
 * @param clip ε of the policy's ratio clip (cliprange)
 * @param valueClip ε of the value clip around the values at sampling time (cliprange_value); NaN = none
 * @param valueCoefficient weight of the value loss (vf_coef)
 * @param gamma discount over tokens
 * @param lambda GAE λ over tokens (lam)
 * @param klCoefficient β of the per-token KL penalty folded into the reward (init_kl_coef / kl_coef)
 * @param klEstimator k1 ({@code logp − ref}, TRL's default) or k3 per token
 * @param adaptiveKl adapt β toward {@code target_kl} (Ziegler's controller) instead of keeping it fixed
 * @param targetKl per-episode KL the adaptive controller aims at
 * @param klHorizon the controller's horizon (episodes)
 * @param missingEosPenalty subtracted from the score of an episode that was truncated instead of stopping (0 = none)
 * @param rewardClip scores are clipped to [−c, c] (NaN = none)
 * @param whitenRewards whiten the per-token rewards over the batch before GAE (whiten_rewards)
 * @param entropyCoefficient bonus on the policy's entropy
 * @param maxGradNorm global gradient-norm clip of the policy and of the critic
 * @param maxEpisodeSteps safety bound on episode length
 */
public record PpoRlhfConfig(
        @JsonProperty("prompts_per_iteration") int promptsPerIteration,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("minibatch_size") int minibatchSize,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("critic_learning_rate") double criticLearningRate,
        @JsonProperty("clip") double clip,
        @JsonProperty("value_clip") double valueClip,
        @JsonProperty("value_coefficient") double valueCoefficient,
        @JsonProperty("gamma") double gamma,
        @JsonProperty("lambda") double lambda,
        @JsonProperty("kl_coefficient") double klCoefficient,
        @JsonProperty("kl_estimator") ClippedSurrogateLoss.KlEstimator klEstimator,
        @JsonProperty("adaptive_kl") boolean adaptiveKl,
        @JsonProperty("target_kl") double targetKl,
        @JsonProperty("kl_horizon") double klHorizon,
        @JsonProperty("missing_eos_penalty") double missingEosPenalty,
        @JsonProperty("reward_clip") double rewardClip,
        @JsonProperty("whiten_rewards") boolean whitenRewards,
        @JsonProperty("entropy_coefficient") double entropyCoefficient,
        @JsonProperty("max_grad_norm") double maxGradNorm,
        @JsonProperty("max_episode_steps") int maxEpisodeSteps) {

    public PpoRlhfConfig {
        ConfigChecks.positive("prompts_per_iteration", promptsPerIteration);
        ConfigChecks.positive("epochs", epochs);
        ConfigChecks.positive("minibatch_size", minibatchSize);
        ConfigChecks.positive("learning_rate", learningRate);
        ConfigChecks.positive("critic_learning_rate", criticLearningRate);
        ConfigChecks.inClosedRange("clip", clip, 0, 10);
        if (!Double.isNaN(valueClip) && !(valueClip > 0)) {
            throw new IllegalArgumentException("value_clip must be > 0 or .nan (no value clipping), got " + valueClip);
        }
        ConfigChecks.inClosedRange("value_coefficient", valueCoefficient, 0, 1e6);
        ConfigChecks.inClosedRange("gamma", gamma, 0, 1);
        ConfigChecks.inClosedRange("lambda", lambda, 0, 1);
        ConfigChecks.inClosedRange("kl_coefficient", klCoefficient, 0, 1e6);
        ConfigChecks.notNull("kl_estimator", klEstimator, ClippedSurrogateLoss.KlEstimator.values());
        if (adaptiveKl) {
            ConfigChecks.positive("target_kl", targetKl);
            ConfigChecks.positive("kl_horizon", klHorizon);
        }
        ConfigChecks.inClosedRange("missing_eos_penalty", missingEosPenalty, 0, 1e6);
        if (!Double.isNaN(rewardClip) && !(rewardClip > 0)) {
            throw new IllegalArgumentException("reward_clip must be > 0 or .nan (no clipping), got " + rewardClip);
        }
        ConfigChecks.finite("entropy_coefficient", entropyCoefficient);
        ConfigChecks.positive("max_grad_norm", maxGradNorm);
        ConfigChecks.positive("max_episode_steps", maxEpisodeSteps);
    }

    /**
     * TRL's PPO defaults where they carry over: 4 epochs, ε 0.2, value clip 0.2, vf_coef 0.1, γ 1, λ 0.95, β 0.05 (k1,
     * fixed; target 6 nats and horizon 10,000 when adaptive), no EOS penalty, no reward clipping or whitening; 16
     * prompts per iteration in minibatches of 8, learning rates 1e-5.
     */
    public static PpoRlhfConfig defaults() {
        return new PpoRlhfConfig(16, 4, 8, 1e-5, 1e-5, 0.2, 0.2, 0.1, 1.0, 0.95, 0.05, ClippedSurrogateLoss.KlEstimator.K1, false, 6.0,
                10_000, 0.0, Double.NaN, false, 0.0, 1.0, 1024);
    }

    /** The same settings with another episode-length bound (a token env's max_new_tokens). */
    public PpoRlhfConfig withMaxEpisodeSteps(int steps) {
        return new PpoRlhfConfig(promptsPerIteration, epochs, minibatchSize, learningRate, criticLearningRate, clip, valueClip,
                valueCoefficient, gamma, lambda, klCoefficient, klEstimator, adaptiveKl, targetKl, klHorizon, missingEosPenalty, rewardClip,
                whitenRewards, entropyCoefficient, maxGradNorm, steps);
    }

    /** The same settings with another (initial) KL coefficient β. */
    public PpoRlhfConfig withKlCoefficient(double beta) {
        return new PpoRlhfConfig(promptsPerIteration, epochs, minibatchSize, learningRate, criticLearningRate, clip, valueClip,
                valueCoefficient, gamma, lambda, beta, klEstimator, adaptiveKl, targetKl, klHorizon, missingEosPenalty, rewardClip,
                whitenRewards, entropyCoefficient, maxGradNorm, maxEpisodeSteps);
    }
}
