package dev.reins.algorithms.a2c;

import dev.reins.algorithms.ConfigChecks;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.core.schedule.Schedule;
import java.util.List;

/**
 * A2C hyperparameters, named and defaulted as in Stable-Baselines3.
 *
 * @param numEnvs envs stepped together
 * @param nSteps vector steps per update (the n of n-step returns when {@code gaeLambda} = 1)
 * @param learningRate step size schedule
 * @param gamma discount
 * @param gaeLambda GAE λ (1: plain n-step advantages)
 * @param entCoef entropy bonus weight
 * @param vfCoef value-loss weight
 * @param maxGradNorm global gradient-norm clip over all parameters
 * @param useRmsProp RMSprop (α 0.99, ε {@code rmsPropEps}) as the A2C paper; otherwise Adam
 * @param rmsPropEps RMSprop's ε
 * @param normalizeAdvantage normalize the advantages of each rollout
 * @param hidden hidden widths of the separate policy and value networks
 * @param activation hidden activation
 * @param precision arithmetic of the networks' passes ({@code float64} or {@code float32}; parameters and Adam stay float64)
 * @param networkBackend what computes the networks: {@code java} (the plain-Java MLP) or {@code dl4j} (Deeplearning4j)
 * @param normalizeObservations normalize observations with running statistics (saved in checkpoints)
 * @param normalizeRewards scale rewards by the running std of the discounted return
 */
public record A2cConfig(int numEnvs, int nSteps, Schedule learningRate, double gamma, double gaeLambda, double entCoef, double vfCoef,
        double maxGradNorm, boolean useRmsProp, double rmsPropEps, boolean normalizeAdvantage, List<Integer> hidden, Activation activation,
        Precision precision, NetworkBackend networkBackend, boolean normalizeObservations, boolean normalizeRewards) {

    public A2cConfig {
        ConfigChecks.positive("num_envs", numEnvs);
        ConfigChecks.positive("n_steps", nSteps);
        ConfigChecks.scheduleInRange("learning_rate", learningRate, 0, 1);
        ConfigChecks.inClosedRange("gamma", gamma, 0, 1);
        ConfigChecks.inClosedRange("gae_lambda", gaeLambda, 0, 1);
        ConfigChecks.finite("ent_coef", entCoef);
        ConfigChecks.inClosedRange("vf_coef", vfCoef, 0, 1e6);
        ConfigChecks.positive("max_grad_norm", maxGradNorm);
        ConfigChecks.positive("rms_prop_eps", rmsPropEps);
        hidden = ConfigChecks.layerWidths("hidden", hidden);
        ConfigChecks.notNull("activation", activation, Activation.values());
        ConfigChecks.notNull("precision", precision, Precision.values());
        ConfigChecks.notNull("network_backend", networkBackend, NetworkBackend.values());
    }

    /** SB3's A2C defaults (one env, 5 steps, lr 7e-4, RMSprop, [64, 64] tanh). */
    public static A2cConfig defaults() {
        return new A2cConfig(1, 5, new Schedule.Constant(7e-4), 0.99, 1.0, 0.0, 0.5, 0.5, true, 1e-5, false, List.of(64, 64),
                Activation.TANH, Precision.FLOAT32, NetworkBackend.JAVA, false, false);
    }
}
