package dev.reins.algorithms.grpo;

import java.util.List;

/**
 * Scores finished episodes in one batch: a reward model reading whole completions, a verifier, or the env's own
 * return ({@link #envReturn()}). GRPO uses the score as the episode's reward; PPO-RLHF adds it at the last step.
 *
 * <pre>{@code
 * EpisodeScorer<int[]> byReturn = EpisodeScorer.envReturn();
 * double[] s = byReturn.scores(episodes);
 * }</pre>
 */
@FunctionalInterface
public interface EpisodeScorer<O> {
    double[] scores(List<Episode<O>> episodes);

    /** Each episode's undiscounted return from the env. */
    static <O> EpisodeScorer<O> envReturn() {
        return episodes -> episodes.stream().mapToDouble(Episode::totalReward).toArray();
    }
}
