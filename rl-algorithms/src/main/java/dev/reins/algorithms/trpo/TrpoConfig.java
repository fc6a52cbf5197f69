package dev.reins.algorithms.trpo;

import dev.reins.algorithms.ConfigChecks;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.Precision;
import java.util.List;

/**
 * TRPO hyperparameters, named and defaulted as in SB3-contrib.
 *
 * @param numEnvs envs stepped together
 * @param nSteps vector steps per rollout
 * @param batchSize minibatch size of the value-function fit
 * @param learningRate Adam step size of the value-function fit
 * @param nCriticUpdates passes of the value-function fit over each rollout
 * @param gamma discount
 * @param gaeLambda GAE λ
 * @param targetKl the trust region: the mean KL(old ‖ new) a step may reach (δ)
 * @param cgMaxSteps conjugate-gradient iterations
 * @param cgDamping added to the Fisher's diagonal (F + damping·I) for a stable solve
 * @param lineSearchShrinkingFactor the step's scale is multiplied by this after each rejected try
 * @param lineSearchMaxIter tries before giving up (the policy then stays where it was)
 * @param normalizeAdvantage standardize advantages over the rollout
 * @param hidden hidden widths of the separate policy and value networks
 * @param activation hidden activation
 * @param precision arithmetic of the networks' passes ({@code float64} or {@code float32}; parameters and Adam stay float64)
 * @param normalizeObservations normalize observations with running statistics (saved in checkpoints)
 * @param normalizeRewards scale rewards by the running std of the discounted return
 */
public record TrpoConfig(int numEnvs, int nSteps, int batchSize, double learningRate, int nCriticUpdates, double gamma, double gaeLambda,
        double targetKl, int cgMaxSteps, double cgDamping, double lineSearchShrinkingFactor, int lineSearchMaxIter,
        boolean normalizeAdvantage, List<Integer> hidden, Activation activation, Precision precision, boolean normalizeObservations,
        boolean normalizeRewards) {

    public TrpoConfig {
        ConfigChecks.positive("num_envs", numEnvs);
        ConfigChecks.positive("n_steps", nSteps);
        ConfigChecks.positive("batch_size", batchSize);
        ConfigChecks.inClosedRange("learning_rate", learningRate, 0, 1);
        ConfigChecks.positive("n_critic_updates", nCriticUpdates);
        ConfigChecks.inClosedRange("gamma", gamma, 0, 1);
        ConfigChecks.inClosedRange("gae_lambda", gaeLambda, 0, 1);
        ConfigChecks.positive("target_kl", targetKl);
        ConfigChecks.positive("cg_max_steps", cgMaxSteps);
        ConfigChecks.inClosedRange("cg_damping", cgDamping, 0, 1e3);
        if (!(lineSearchShrinkingFactor > 0 && lineSearchShrinkingFactor < 1)) {
            throw new IllegalArgumentException("line_search_shrinking_factor must be in (0, 1), got " + lineSearchShrinkingFactor);
        }
        ConfigChecks.positive("line_search_max_iter", lineSearchMaxIter);
        hidden = ConfigChecks.layerWidths("hidden", hidden);
        ConfigChecks.notNull("activation", activation, Activation.values());
        ConfigChecks.notNull("precision", precision, Precision.values());
        if (batchSize > numEnvs * nSteps) {
            throw new IllegalArgumentException("batch_size " + batchSize + " exceeds the rollout size n_steps × num_envs = "
                    + numEnvs * nSteps);
        }
    }

    /** SB3-contrib's TRPO defaults (one env, 2048 steps, δ 0.01, CG 15 steps, damping 0.1, [64, 64] tanh). */
    public static TrpoConfig defaults() {
        return new TrpoConfig(1, 2048, 128, 1e-3, 10, 0.99, 0.95, 0.01, 15, 0.1, 0.8, 10, true, List.of(64, 64), Activation.TANH,
                Precision.FLOAT32, false, false);
    }
}
