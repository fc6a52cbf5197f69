package dev.reins.algorithms.mcts;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.reins.algorithms.ConfigChecks;

/**
 * MCTS settings.
 *
 * @param simulations simulations per move (selection, expansion, rollout, backup)
 * @param exploration the UCT constant c in Q + c·√(ln N / n) (√2 for rewards in [0, 1]; games score in [−1, 1])
 * @param gamma discount per step (1 for games)
 * @param maxRolloutSteps a rollout stops after this many steps (a game always ends sooner)
 */
public record MctsConfig(
        @JsonProperty("simulations") int simulations,
        @JsonProperty("exploration") double exploration,
        @JsonProperty("gamma") double gamma,
        @JsonProperty("max_rollout_steps") int maxRolloutSteps) {

    public MctsConfig {
        ConfigChecks.positive("simulations", simulations);
        ConfigChecks.inClosedRange("exploration", exploration, 0, 1e6);
        ConfigChecks.inClosedRange("gamma", gamma, 0, 1);
        ConfigChecks.positive("max_rollout_steps", maxRolloutSteps);
    }

    /** UCT for games: {@code simulations} per move, c = 1.4 (outcomes in [−1, 1]), undiscounted. */
    public static MctsConfig uct(int simulations) {
        return new MctsConfig(simulations, 1.4, 1.0, 10_000);
    }
}
