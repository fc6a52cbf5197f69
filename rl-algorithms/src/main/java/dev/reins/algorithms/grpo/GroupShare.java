package dev.reins.algorithms.grpo;

import dev.reins.core.random.SplitMix;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A rollout worker's share of one round of GRPO sampling: whole groups (their start seeds), the seed its sampling
 * draws from, and the episode-length bound.
 *
 * @param starts the start seed of each of this share's groups (may be empty)
 */
public record GroupShare(long[] starts, int groupSize, long seed, int maxSteps) implements Serializable {
    public GroupShare {
        starts = starts.clone();
    }

    /**
     * Splits a round into {@code workers} shares of contiguous groups (the first shares take one more when they do
     * not divide evenly), so the workers' episodes concatenated in worker order are the round's in group order.
     * Share 0 samples from {@code seed} itself, the others from streams derived from it, so one worker samples as
     * the learner alone would.
     */
    public static List<GroupShare> split(long[] starts, int groupSize, long seed, int maxSteps, int workers) {
        List<GroupShare> shares = new ArrayList<>(workers);
        int from = 0;
        for (int w = 0; w < workers; w++) {
            int to = from + starts.length / workers + (w < starts.length % workers ? 1 : 0);
            shares.add(new GroupShare(Arrays.copyOfRange(starts, from, to), groupSize, w == 0 ? seed : SplitMix.derive(seed, w),
                    maxSteps));
            from = to;
        }
        return shares;
    }
}
