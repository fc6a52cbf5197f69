package dev.reins.algorithms.grpo;

import java.io.Serializable;
import java.util.Map;

/**
 * One finished episode of a GRPO group: where it started, the actions taken, the undiscounted return, and the
 * final step's info (a token env puts the decoded completion there). Serializable (when its observation and info
 * are) so that rollout workers can send episodes back to the learner.
 *
 * @param startSeed the seed the env was reset with (episodes of one group share it)
 * @param firstObservation the observation after reset
 * @param actions the actions in order
 * @param totalReward sum of the rewards
 * @param terminated true when the episode ended in a terminal state, false when truncated
 * @param finalInfo info of the last step
 */
public record Episode<O>(long startSeed, O firstObservation, int[] actions, double totalReward, boolean terminated,
        Map<String, Object> finalInfo) implements Serializable {}
