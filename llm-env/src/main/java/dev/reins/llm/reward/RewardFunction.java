package dev.reins.llm.reward;

import java.util.List;

/**
 * Scores a completion of a prompt. Verifiers and rule-based rewards implement {@link #reward}; a learned reward
 * model implements the batched {@link #rewards} to score many completions in one forward pass.
 *
 * <pre>{@code
 * RewardFunction r = new WeightedReward(List.of(
 *         new WeightedReward.Term(1.0, new ExactAnswerVerifier(AnswerExtractor.lastNumber(), 1e-6)),
 *         new WeightedReward.Term(0.1, new RegexFormatReward("^-?\\d+$"))));
 * double score = r.reward(new PromptExample("37+48=", "85"), "85");   // 1.1
 * }</pre>
 */
@FunctionalInterface
public interface RewardFunction {
    /**
     * Zero for every completion: the env reward when rewards come from elsewhere (GRPO's episode scorer); serializable,
     * so an env holding it can be rebuilt on a rollout worker.
     */
    RewardFunction NONE = (RewardFunction & java.io.Serializable) (example, completion) -> 0.0;

    /** The reward of {@code completion} (the generated text after the prompt, stop token excluded). */
    double reward(PromptExample example, String completion);

    /** Rewards of many completions; override to batch. */
    default double[] rewards(List<PromptExample> examples, List<String> completions) {
        if (examples.size() != completions.size()) {
            throw new IllegalArgumentException("rewards needs one example per completion, got " + examples.size() + " and "
                    + completions.size());
        }
        double[] out = new double[completions.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = reward(examples.get(i), completions.get(i));
        }
        return out;
    }
}
