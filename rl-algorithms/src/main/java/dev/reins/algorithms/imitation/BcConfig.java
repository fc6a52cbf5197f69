package dev.reins.algorithms.imitation;

import dev.reins.algorithms.ConfigChecks;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.Precision;
import dev.reins.core.schedule.Schedule;
import java.util.List;

/**
 * Behaviour cloning's settings ({@code --hp key=value}; {@code --demos FILE} sets {@code demos}).
 *
 * @param demos the demonstration file (JSON lines, see {@code Demonstrations})
 * @param demoEpisodes use only the first this many trajectories of the file (0: all)
 * @param hidden hidden widths of the policy network
 * @param activation hidden activation
 * @param precision arithmetic of the policy network's passes ({@code float64} or {@code float32})
 * @param learningRate Adam's step size, a schedule over training progress
 * @param batchSize transitions per gradient step
 * @param entCoef weight of the entropy bonus
 * @param l2Coef weight of the L2 penalty on the network's parameters
 * @param normalizeObservations standardize the state features with the demonstrations' mean and standard deviation
 */
public record BcConfig(String demos, int demoEpisodes, List<Integer> hidden, Activation activation, Precision precision,
        Schedule learningRate, int batchSize, double entCoef, double l2Coef, boolean normalizeObservations) {

    public BcConfig {
        demos = demos == null ? "" : demos;
        ConfigChecks.inClosedRange("demo_episodes", demoEpisodes, 0, Integer.MAX_VALUE);
        hidden = ConfigChecks.layerWidths("hidden", hidden);
        ConfigChecks.notNull("activation", activation, Activation.values());
        ConfigChecks.notNull("precision", precision, Precision.values());
        ConfigChecks.scheduleInRange("learning_rate", learningRate, 0, 1);
        ConfigChecks.inClosedRange("batch_size", batchSize, 1, 1_000_000);
        ConfigChecks.inClosedRange("ent_coef", entCoef, 0, 1e6);
        ConfigChecks.inClosedRange("l2_coef", l2Coef, 0, 1e6);
    }

    /**
     * imitation's BC defaults with an SB3-sized policy ([64, 64] tanh, Adam 1e-3, batch 64, entropy 1e-3), and standardized
     * features: on Pendulum-v1 (angular velocity up to 8) seeds 0-4 of raw-feature BC ended between -162 and -252, with
     * standardized features between -144 and -155 (the expert: -145).
     */
    public static BcConfig defaults() {
        return new BcConfig("", 0, List.of(64, 64), Activation.TANH, Precision.FLOAT32, new Schedule.Constant(1e-3), 64, 1e-3, 0.0, true);
    }
}
