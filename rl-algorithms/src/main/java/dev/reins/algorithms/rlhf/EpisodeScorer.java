package dev.reins.algorithms.rlhf;

import dev.reins.algorithms.grpo.Episode;
import java.util.List;

/**
 * Scores finished episodes in one batch: a reward model reading whole completions, a verifier, or the env's own
 * return ({@link #envReturn()}). PPO-RLHF adds the score at the last step of each episode.
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
