package dev.reins.algorithms.mcts;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.reins.algorithms.ConfigChecks;

/**
 * MCTS settings.
 *
 * <pre>{@code
 * MctsConfig uct = MctsConfig.uct(1000).withRolloutPolicy(MctsConfig.RolloutPolicy.DECISIVE);
 * MctsConfig selfPlay = MctsConfig.puct(200).withRootNoise(0.25, 1.0).withTreeReuse(true);
 * MctsConfig fewSimulations = MctsConfig.puct(16).withGumbelRoot(16, 1.0);
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
 * @param reuseTree keep the tree between searches: a search from a position found among the last root's children or
 *     grandchildren (after one's own move and the reply) starts from that subtree and its statistics
 * @param rootSelection how the root spends its simulations: {@code visits} (the tree policy, UCT or PUCT, as everywhere
 *     else) or {@code gumbel} (Gumbel MuZero, Danihelka et al. 2022: sample the top {@code gumbel_actions} moves by
 *     logit + Gumbel noise, then sequential halving; strong with few simulations)
 * @param gumbelActions moves considered at a Gumbel root (m)
 * @param gumbelScale scale of the Gumbel noise (1 samples moves, as in self-play; 0 is deterministic, for play)
 * @param unvisitedValue what PUCT takes as an unvisited move's Q: {@code zero} (AlphaZero; neutral for outcomes in
 *     [−1, 1]) or {@code parent} (the evaluator's value of the position it is chosen from — "first-play urgency" as
 *     Leela and KataGo use it; right for values in [0, 1], where 0 would be the worst possible)
 * @param skipExhausted never select a move whose subtree has been enumerated to its end (every node in it evaluated or
 *     terminal), unless every move's has; the search stops early once the whole tree has been. For single-agent search
 *     whose answer is the best leaf found (token search), where revisiting a finished subtree teaches nothing
 */
public record MctsConfig(
        @JsonProperty("simulations") int simulations,
        @JsonProperty("exploration") double exploration,
        @JsonProperty("gamma") double gamma,
        @JsonProperty("max_rollout_steps") int maxRolloutSteps,
        @JsonProperty("root_noise") double rootNoise,
        @JsonProperty("dirichlet_alpha") double dirichletAlpha,
        @JsonProperty("rollout_policy") RolloutPolicy rolloutPolicy,
        @JsonProperty("reuse_tree") boolean reuseTree,
        @JsonProperty("root_selection") RootSelection rootSelection,
        @JsonProperty("gumbel_actions") int gumbelActions,
        @JsonProperty("gumbel_scale") double gumbelScale,
        @JsonProperty("unvisited_value") UnvisitedValue unvisitedValue,
        @JsonProperty("skip_exhausted") boolean skipExhausted) {

    /** How rollouts choose moves. */
    public enum RolloutPolicy {
        RANDOM,
        DECISIVE
    }

    /** The Q PUCT gives a move it has not tried. */
    public enum UnvisitedValue {
        ZERO,
        PARENT
    }

    /** How the root chooses which moves to simulate. */
    public enum RootSelection {
        VISITS,
        GUMBEL
    }

    public MctsConfig {
        ConfigChecks.positive("simulations", simulations);
        ConfigChecks.inClosedRange("exploration", exploration, 0, 1e6);
        ConfigChecks.inClosedRange("gamma", gamma, 0, 1);
        ConfigChecks.positive("max_rollout_steps", maxRolloutSteps);
        ConfigChecks.inClosedRange("root_noise", rootNoise, 0, 1);
        ConfigChecks.positive("dirichlet_alpha", dirichletAlpha);
        ConfigChecks.notNull("rollout_policy", rolloutPolicy, RolloutPolicy.values());
        ConfigChecks.notNull("root_selection", rootSelection, RootSelection.values());
        ConfigChecks.inClosedRange("gumbel_actions", gumbelActions, 2, 1e9);
        ConfigChecks.inClosedRange("gumbel_scale", gumbelScale, 0, 1e3);
        ConfigChecks.notNull("unvisited_value", unvisitedValue, UnvisitedValue.values());
    }

    /** Random rollouts, no root noise, no tree reuse, the tree policy at the root. */
    public MctsConfig(int simulations, double exploration, double gamma, int maxRolloutSteps) {
        this(simulations, exploration, gamma, maxRolloutSteps, 0.0, 1.0, RolloutPolicy.RANDOM, false, RootSelection.VISITS, 16, 0.0,
                UnvisitedValue.ZERO, false);
    }

    /** UCT for games: {@code simulations} per move, c = 1.4 (outcomes in [−1, 1]), undiscounted. */
    public static MctsConfig uct(int simulations) {
        return new MctsConfig(simulations, 1.4, 1.0, 10_000);
    }

    /** PUCT for games: {@code simulations} per move, c_puct = 1.5, no root noise (add it for self-play). */
    public static MctsConfig puct(int simulations) {
        return new MctsConfig(simulations, 1.5, 1.0, 10_000);
    }

    /** The same settings with exhausted subtrees skipped (see {@code skipExhausted}). */
    public MctsConfig withExhaustedSkipped(boolean skip) {
        return new MctsConfig(simulations, exploration, gamma, maxRolloutSteps, rootNoise, dirichletAlpha, rolloutPolicy, reuseTree,
                rootSelection, gumbelActions, gumbelScale, unvisitedValue, skip);
    }

    /** The same settings with Dirichlet root noise of weight {@code epsilon} and concentration {@code alpha}. */
    public MctsConfig withRootNoise(double epsilon, double alpha) {
        return new MctsConfig(simulations, exploration, gamma, maxRolloutSteps, epsilon, alpha, rolloutPolicy, reuseTree, rootSelection,
                gumbelActions, gumbelScale, unvisitedValue, skipExhausted);
    }

    /** The same settings with another rollout policy. */
    public MctsConfig withRolloutPolicy(RolloutPolicy policy) {
        return new MctsConfig(simulations, exploration, gamma, maxRolloutSteps, rootNoise, dirichletAlpha, policy, reuseTree, rootSelection,
                gumbelActions, gumbelScale, unvisitedValue, skipExhausted);
    }

    /** The same settings, keeping (or not) the tree between searches. */
    public MctsConfig withTreeReuse(boolean reuse) {
        return new MctsConfig(simulations, exploration, gamma, maxRolloutSteps, rootNoise, dirichletAlpha, rolloutPolicy, reuse, rootSelection,
                gumbelActions, gumbelScale, unvisitedValue, skipExhausted);
    }

    /** The same settings with another Q for unvisited moves. */
    public MctsConfig withUnvisitedValue(UnvisitedValue value) {
        return new MctsConfig(simulations, exploration, gamma, maxRolloutSteps, rootNoise, dirichletAlpha, rolloutPolicy, reuseTree,
                rootSelection, gumbelActions, gumbelScale, value, skipExhausted);
    }

    /** The same settings with Gumbel root selection over {@code actions} moves and noise of scale {@code scale}. */
    public MctsConfig withGumbelRoot(int actions, double scale) {
        return new MctsConfig(simulations, exploration, gamma, maxRolloutSteps, rootNoise, dirichletAlpha, rolloutPolicy, reuseTree,
                RootSelection.GUMBEL, actions, scale, unvisitedValue, skipExhausted);
    }
}
