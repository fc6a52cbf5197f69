package dev.reins.llm.rl;

import dev.reins.algorithms.grpo.Episode;
import dev.reins.algorithms.grpo.EpisodeScorer;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RewardFunction;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores token-env episodes with any {@link RewardFunction} on the decoded completion (the env's final info holds
 * {@code completion} and {@code prompt_index}): a verifier or a gold reward beside a reward model, as PPO-RLHF's
 * reward-hacking monitor.
 *
 * <pre>{@code
 * EpisodeScorer<int[]> gold = new RewardFunctionScorer(goldReward, prompts);
 * }</pre>
 */
public final class RewardFunctionScorer implements EpisodeScorer<int[]> {
    private final RewardFunction reward;
    private final List<PromptExample> prompts;

    public RewardFunctionScorer(RewardFunction reward, List<PromptExample> prompts) {
        this.reward = reward;
        this.prompts = prompts;
    }

    @Override
    public double[] scores(List<Episode<int[]>> episodes) {
        List<PromptExample> examples = new ArrayList<>(episodes.size());
        List<String> completions = new ArrayList<>(episodes.size());
        for (Episode<int[]> e : episodes) {
            Object index = e.finalInfo().get("prompt_index");
            Object completion = e.finalInfo().get("completion");
            if (!(index instanceof Integer i) || !(completion instanceof String c)) {
                throw new IllegalStateException("a token-env episode's final info needs prompt_index and completion, got " + e.finalInfo());
            }
            examples.add(prompts.get(i));
            completions.add(c);
        }
        return reward.rewards(examples, completions);
    }
}
