package dev.reins.algorithms.imitation;

import dev.reins.algorithms.ConfigChecks;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.Precision;
import dev.reins.core.schedule.Schedule;
import java.util.List;

/**
 * DAgger's settings ({@code --expert RUN_DIR} sets {@code expert}, {@code --demos FILE} an optional first dataset).
 *
 * @param expert the trained run folder queried for labels (when built from the command line)
 * @param demos optional demonstrations added to the dataset before the first round ("" for none)
 * @param demoEpisodes use only the first this many trajectories of {@code demos} (0: all)
 * @param stepsPerRound env steps rolled out (and labelled by the expert) per round
 * @param betaRampdownRounds β, the chance to execute the expert's action, falls linearly from 1 in round 0 to 0 in
 *     this round (imitation's {@code LinearBetaSchedule}); 0 executes only the learner's actions
 * @param bcStepsPerRound gradient steps on the aggregated dataset after each round
 * @param hidden hidden widths of the policy network
 * @param activation hidden activation
 * @param precision arithmetic of the policy network's passes ({@code float64} or {@code float32})
 * @param learningRate Adam's step size, a schedule over training progress
 * @param batchSize transitions per gradient step
 * @param entCoef weight of the entropy bonus
 * @param l2Coef weight of the L2 penalty on the network's parameters
 * @param maxEpisodeSteps a rollout episode longer than this is cut (the env's own time limit usually ends it first)
 */
public record DaggerConfig(String expert, String demos, int demoEpisodes, int stepsPerRound, int betaRampdownRounds,
        int bcStepsPerRound, List<Integer> hidden, Activation activation, Precision precision, Schedule learningRate, int batchSize,
        double entCoef, double l2Coef, int maxEpisodeSteps) {

    public DaggerConfig {
        expert = expert == null ? "" : expert;
        demos = demos == null ? "" : demos;
        ConfigChecks.inClosedRange("demo_episodes", demoEpisodes, 0, Integer.MAX_VALUE);
        ConfigChecks.inClosedRange("steps_per_round", stepsPerRound, 1, Integer.MAX_VALUE);
        ConfigChecks.inClosedRange("beta_rampdown_rounds", betaRampdownRounds, 0, Integer.MAX_VALUE);
        ConfigChecks.inClosedRange("bc_steps_per_round", bcStepsPerRound, 0, Integer.MAX_VALUE);
        hidden = ConfigChecks.layerWidths("hidden", hidden);
        ConfigChecks.notNull("activation", activation, Activation.values());
        ConfigChecks.notNull("precision", precision, Precision.values());
        ConfigChecks.scheduleInRange("learning_rate", learningRate, 0, 1);
        ConfigChecks.inClosedRange("batch_size", batchSize, 1, 1_000_000);
        ConfigChecks.inClosedRange("ent_coef", entCoef, 0, 1e6);
        ConfigChecks.inClosedRange("l2_coef", l2Coef, 0, 1e6);
        ConfigChecks.inClosedRange("max_episode_steps", maxEpisodeSteps, 1, Integer.MAX_VALUE);
    }

    /** 1,000 labelled steps a round, β down to 0 over 4 rounds, 1,000 gradient steps a round. */
    public static DaggerConfig defaults() {
        return new DaggerConfig("", "", 0, 1_000, 4, 1_000, List.of(64, 64), Activation.TANH, Precision.FLOAT32,
                new Schedule.Constant(1e-3), 64, 1e-3, 0.0, 10_000);
    }
}
