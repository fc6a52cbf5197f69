package dev.reins.llm.generate;

import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RewardFunction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Best-of-N: sample N completions of a prompt and keep the one a reward function scores highest (the first on
 * ties). A strong inference-time baseline for RL: GRPO should make the single sample as good as best-of-N.
 *
 * <pre>{@code
 * BestOfN.Choice c = BestOfN.select(lm, new PromptExample("37+48=", "85"), 8, verifier,
 *         DecodingConfig.sampling(4, eos), 0L);
 * }</pre>
 */
public final class BestOfN {
    private BestOfN() {}

    /** The chosen completion and every candidate's text and reward. */
    public record Choice(String best, double bestReward, List<String> candidates, List<Double> rewards) {}

    public static Choice select(LanguageModel lm, PromptExample example, int n, RewardFunction reward, DecodingConfig config,
            long seed) {
        if (n <= 0) {
            throw new IllegalArgumentException("best-of-N needs n > 0, got " + n);
        }
        int[] prompt = lm.tokenizer().encode(example.prompt());
        List<Completion> completions = Generator.generate(lm.transformer(), Collections.nCopies(n, prompt), config, seed);
        List<String> texts = new ArrayList<>();
        for (Completion c : completions) {
            texts.add(lm.tokenizer().decode(c.contentTokens()));
        }
        double[] scores = reward.rewards(Collections.nCopies(n, example), texts);
        int best = 0;
        List<Double> rewards = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rewards.add(scores[i]);
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return new Choice(texts.get(best), scores[best], texts, rewards);
    }
}
