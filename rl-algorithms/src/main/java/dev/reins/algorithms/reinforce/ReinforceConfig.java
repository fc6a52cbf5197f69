package dev.reins.algorithms.reinforce;

import dev.reins.algorithms.ConfigChecks;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.core.schedule.Schedule;
import java.util.List;

/**
 * REINFORCE hyperparameters.
 *
 * @param numEnvs envs stepped together (episodes still running when an update is due are abandoned)
 * @param episodesPerUpdate complete episodes per policy-gradient step
 * @param learningRate Adam step size schedule (policy)
 * @param valueLearningRate Adam step size of the baseline's value network
 * @param valueEpochs gradient steps fitting the baseline to the returns per update
 * @param gamma discount of the returns
 * @param baseline subtract a learned V(s) from the return (variance reduction; the gradient stays unbiased)
 * @param normalizeAdvantage standardize the weights G − b over each batch
 * @param entCoef entropy bonus weight
 * @param maxGradNorm global gradient-norm clip of the policy
 * @param hidden hidden widths of the policy (and value) network
 * @param activation hidden activation
 * @param precision arithmetic of the networks' passes ({@code float64} or {@code float32}; parameters and Adam stay float64)
 * @param networkBackend what computes the networks: {@code java} (the plain-Java MLP) or {@code dl4j} (Deeplearning4j)
 */
public record ReinforceConfig(int numEnvs, int episodesPerUpdate, Schedule learningRate, double valueLearningRate, int valueEpochs,
        double gamma, boolean baseline, boolean normalizeAdvantage, double entCoef, double maxGradNorm, List<Integer> hidden,
        Activation activation, Precision precision, NetworkBackend networkBackend) {

    public ReinforceConfig {
        ConfigChecks.positive("num_envs", numEnvs);
        ConfigChecks.positive("episodes_per_update", episodesPerUpdate);
        ConfigChecks.scheduleInRange("learning_rate", learningRate, 0, 1);
        ConfigChecks.inClosedRange("value_learning_rate", valueLearningRate, 0, 1);
        ConfigChecks.positive("value_epochs", valueEpochs);
        ConfigChecks.inClosedRange("gamma", gamma, 0, 1);
        ConfigChecks.finite("ent_coef", entCoef);
        ConfigChecks.positive("max_grad_norm", maxGradNorm);
        hidden = ConfigChecks.layerWidths("hidden", hidden);
        ConfigChecks.notNull("activation", activation, Activation.values());
        ConfigChecks.notNull("precision", precision, Precision.values());
        ConfigChecks.notNull("network_backend", networkBackend, NetworkBackend.values());
    }

    /** REINFORCE with a learned baseline: one env, 8 episodes per update, Adam 1e-3, γ 0.99, [64, 64] tanh. */
    public static ReinforceConfig defaults() {
        return new ReinforceConfig(1, 8, new Schedule.Constant(1e-3), 1e-3, 5, 0.99, true, true, 0.0, 1.0, List.of(64, 64),
                Activation.TANH, Precision.FLOAT32, NetworkBackend.JAVA);
    }
}
