package dev.reins.algorithms.imitation;

import dev.reins.algorithms.ConfigChecks;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.algorithms.ppo.PpoConfig;
import dev.reins.core.schedule.Schedule;
import java.util.List;

/**
 * The settings of GAIL and AIRL ({@code --demos FILE} sets {@code demos}); the generator is PPO with its own settings
 * under {@code generator}.
 *
 * @param demos the expert's demonstration file
 * @param demoEpisodes use only the first this many trajectories (0: all)
 * @param generator the generator's PPO settings (observations must not be normalized: the discriminator and the
 *     policy's log π read the same raw features)
 * @param discHidden hidden widths of the discriminator's networks
 * @param discActivation their activation
 * @param discPrecision the arithmetic of their passes ({@code float64} or {@code float32})
 * @param discLearningRate Adam's step size for the discriminator, a schedule over training progress
 * @param discBatchSize generator transitions per discriminator minibatch, paired with as many expert transitions
 * @param discEpochs passes over each rollout's transitions per discriminator update
 * @param gamma AIRL's discount in the shaping {@code γ·h(s') − h(s)} (use the generator's)
 * @param bcWarmStartSteps behaviour-cloning gradient steps on the demonstrations before the first rollout (0: none)
 */
public record AdversarialConfig(String demos, int demoEpisodes, PpoConfig generator, List<Integer> discHidden, Activation discActivation,
        Precision discPrecision, Schedule discLearningRate, int discBatchSize, int discEpochs, double gamma, int bcWarmStartSteps) {

    public AdversarialConfig {
        demos = demos == null ? "" : demos;
        ConfigChecks.inClosedRange("demo_episodes", demoEpisodes, 0, Integer.MAX_VALUE);
        if (generator == null) {
            throw new IllegalArgumentException("generator (the PPO settings) is required");
        }
        if (generator.normalizeObservations()) {
            throw new IllegalArgumentException("generator.normalize_observations must be false: the discriminator and the policy's "
                    + "log-probabilities read the same raw observations");
        }
        discHidden = ConfigChecks.layerWidths("disc_hidden", discHidden);
        ConfigChecks.notNull("disc_activation", discActivation, Activation.values());
        ConfigChecks.notNull("disc_precision", discPrecision, Precision.values());
        ConfigChecks.scheduleInRange("disc_learning_rate", discLearningRate, 0, 1);
        ConfigChecks.inClosedRange("disc_batch_size", discBatchSize, 1, generator.numEnvs() * generator.nSteps());
        ConfigChecks.inClosedRange("disc_epochs", discEpochs, 1, 1_000);
        ConfigChecks.inClosedRange("gamma", gamma, 0, 0.9999);
        ConfigChecks.inClosedRange("bc_warm_start_steps", bcWarmStartSteps, 0, Integer.MAX_VALUE);
    }

    /**
     * The generator: PPO, 8 envs × 256 steps, [64, 64], with its rewards normalized (learned rewards drift in scale as the
     * discriminator learns; AIRL on CartPole reached 500 only with it); a [64, 64] discriminator, 256-transition minibatches.
     */
    public static AdversarialConfig defaults() {
        PpoConfig d = PpoConfig.defaults();
        PpoConfig generator = new PpoConfig(8, 256, 256, 10, new Schedule.Constant(3e-4), 0.99, 0.95,
                new Schedule.Constant(0.2), Double.NaN,
                true, 0.0, 0.5, 0.5, Double.NaN, List.of(64, 64), Activation.TANH, d.precision(), NetworkBackend.JAVA,
                d.adamEpsilon(), false, true,
                PpoConfig.PolicyLoss.CLIP, d.klCoefInit(), d.adaptiveKlTarget());
        return new AdversarialConfig("", 0, generator, List.of(64, 64), Activation.TANH, Precision.FLOAT32, new Schedule.Constant(3e-4),
                256, 1, 0.99, 0);
    }
}
