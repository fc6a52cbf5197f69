package dev.reins.algorithms.imitation;

import dev.reins.algorithms.ConfigChecks;

/**
 * Maximum-entropy IRL's settings ({@code --demos FILE} sets {@code demos}).
 *
 * @param demos the expert's demonstration file
 * @param demoEpisodes use only the first this many trajectories (0: all)
 * @param learningRate the step size of gradient ascent on the demonstrations' log-likelihood
 * @param gamma the discount of the soft Bellman backup and of the optimal policy of the recovered reward
 * @param softIterations soft value-iteration sweeps per gradient step (the backup warm-starts from the last values)
 * @param l2Coef weight of an L2 penalty on the reward (keeps it bounded where the demonstrations do not constrain it)
 */
public record MaxEntIrlConfig(String demos, int demoEpisodes, double learningRate, double gamma, int softIterations, double l2Coef) {

    public MaxEntIrlConfig {
        demos = demos == null ? "" : demos;
        ConfigChecks.inClosedRange("demo_episodes", demoEpisodes, 0, Integer.MAX_VALUE);
        ConfigChecks.positive("learning_rate", learningRate);
        ConfigChecks.inClosedRange("gamma", gamma, 0, 0.999999);
        ConfigChecks.inClosedRange("soft_iterations", softIterations, 1, 1_000_000);
        ConfigChecks.inClosedRange("l2_coef", l2Coef, 0, 1e6);
    }

    public static MaxEntIrlConfig defaults() {
        return new MaxEntIrlConfig("", 0, 0.1, 0.99, 50, 0.0);
    }
}
