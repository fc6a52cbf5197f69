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

    /**
     * Best-of-N for every prompt: samples N completions of each (several prompts per batched generation, about
     * {@code batchSize} sequences at once), scores all of a batch in one call of {@code reward}, keeps each prompt's best.
     */
    public static List<Choice> selectAll(LanguageModel lm, List<PromptExample> examples, int n, RewardFunction reward,
            DecodingConfig config, long seed, int batchSize) {
        if (n <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("best-of-N needs n > 0 and batch_size > 0, got " + n + ", " + batchSize);
        }
        int promptsPerBatch = Math.max(1, batchSize / n);
        List<Choice> out = new ArrayList<>(examples.size());
        for (int from = 0; from < examples.size(); from += promptsPerBatch) {
            List<PromptExample> batch = examples.subList(from, Math.min(examples.size(), from + promptsPerBatch));
            List<int[]> prompts = new ArrayList<>();
            List<PromptExample> repeated = new ArrayList<>();
            for (PromptExample e : batch) {
                int[] ids = e.encode(lm.tokenizer());
                for (int k = 0; k < n; k++) {
                    prompts.add(ids);
                    repeated.add(e);
                }
            }
            List<Completion> completions = Generator.generate(lm.transformer(), prompts, config, seed + from);
            List<String> texts = new ArrayList<>(completions.size());
            for (Completion c : completions) {
                texts.add(lm.tokenizer().decode(c.contentTokens()));
            }
            double[] scores = reward.rewards(repeated, texts);
            for (int b = 0; b < batch.size(); b++) {
                out.add(choose(texts.subList(b * n, (b + 1) * n), java.util.Arrays.copyOfRange(scores, b * n, (b + 1) * n)));
            }
        }
        return out;
    }

    private static Choice choose(List<String> texts, double[] scores) {
        int best = 0;
        List<Double> rewards = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            rewards.add(scores[i]);
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return new Choice(texts.get(best), scores[best], List.copyOf(texts), rewards);
    }

    /**
     * An upper bound on KL(best-of-N ‖ base) for one prompt, log N − (N − 1)/N (Stiennon et al., 2020; Beirami et al.,
     * 2024 show it is a bound, tight when the completions' rewards are distinct), in nats.
     */
    public static double klBound(int n) {
        return Math.log(n) - (n - 1.0) / n;
    }

    public static Choice select(LanguageModel lm, PromptExample example, int n, RewardFunction reward, DecodingConfig config,
            long seed) {
        if (n <= 0) {
            throw new IllegalArgumentException("best-of-N needs n > 0, got " + n);
        }
        int[] prompt = example.encode(lm.tokenizer());
        List<Completion> completions = Generator.generate(lm.transformer(), Collections.nCopies(n, prompt), config, seed);
        List<String> texts = new ArrayList<>();
        for (Completion c : completions) {
            texts.add(lm.tokenizer().decode(c.contentTokens()));
        }
        return choose(texts, reward.rewards(Collections.nCopies(n, example), texts));
    }
}
