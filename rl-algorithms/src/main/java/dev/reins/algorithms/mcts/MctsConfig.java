package dev.reins.algorithms.mcts;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.reins.algorithms.ConfigChecks;

/**
 * MCTS settings.
 *
 * <pre>{@code
 * MctsConfig uct = MctsConfig.uct(1000).withRolloutPolicy(MctsConfig.RolloutPolicy.DECISIVE);
 * MctsConfig selfPlay = MctsConfig.puct(200).withRootNoise(0.25, 1.0);
 * }</pre>
 *
 * @param simulations simulations per move (selection, expansion, rollout, backup)
 * @param exploration UCT's c in Q + c·√(ln N / n) (√2 for rewards in [0, 1]; games score in [−1, 1]), or PUCT's c in
 *     Q + c·P·√N / (1 + n)
 * @param gamma discount per step (1 for games)
 * @param maxRolloutSteps a rollout stops after this many steps (a game always ends sooner)
 * @param rootNoise weight ε of Dirichlet noise mixed into the root's priors (PUCT; 0 = none, AlphaZero uses 0.25)
 * @param dirichletAlpha α of that noise (AlphaZero: 0.3 for chess, 0.03 for Go; about 10 / legal moves)
 * @param rolloutPolicy how UCT's rollouts move: uniformly at random, or (games only) "decisive" — take a winning move
 *     when there is one, else avoid moves that let the opponent win at once (Teytaud &amp; Teytaud, 2010)
 */
public record MctsConfig(
        @JsonProperty("simulations") int simulations,
        @JsonProperty("exploration") double exploration,
        @JsonProperty("gamma") double gamma,
        @JsonProperty("max_rollout_steps") int maxRolloutSteps,
        @JsonProperty("root_noise") double rootNoise,
        @JsonProperty("dirichlet_alpha") double dirichletAlpha,
        @JsonProperty("rollout_policy") RolloutPolicy rolloutPolicy) {

    /** How rollouts choose moves. */
    public enum RolloutPolicy {
        RANDOM,
        DECISIVE
    }


    public MctsConfig {
        ConfigChecks.positive("simulations", simulations);
        ConfigChecks.inClosedRange("exploration", exploration, 0, 1e6);
        ConfigChecks.inClosedRange("gamma", gamma, 0, 1);
        ConfigChecks.positive("max_rollout_steps", maxRolloutSteps);
        ConfigChecks.inClosedRange("root_noise", rootNoise, 0, 1);
        ConfigChecks.positive("dirichlet_alpha", dirichletAlpha);
        ConfigChecks.notNull("rollout_policy", rolloutPolicy, RolloutPolicy.values());
    }

    public MctsConfig(int simulations, double exploration, double gamma, int maxRolloutSteps) {
        this(simulations, exploration, gamma, maxRolloutSteps, 0.0, 1.0, RolloutPolicy.RANDOM);
    }

    /** UCT for games: {@code simulations} per move, c = 1.4 (outcomes in [−1, 1]), undiscounted. */
    public static MctsConfig uct(int simulations) {
        return new MctsConfig(simulations, 1.4, 1.0, 10_000);
    }

    /** PUCT for games: {@code simulations} per move, c_puct = 1.5, no root noise (add it for self-play). */
    public static MctsConfig puct(int simulations) {
        return new MctsConfig(simulations, 1.5, 1.0, 10_000);
    }

    /** The same settings with Dirichlet root noise of weight {@code epsilon} and concentration {@code alpha}. */
    public MctsConfig withRootNoise(double epsilon, double alpha) {
        return new MctsConfig(simulations, exploration, gamma, maxRolloutSteps, epsilon, alpha, rolloutPolicy);
    }

    /** The same settings with another rollout policy. */
    public MctsConfig withRolloutPolicy(RolloutPolicy policy) {
        return new MctsConfig(simulations, exploration, gamma, maxRolloutSteps, rootNoise, dirichletAlpha, policy);
    }
}
