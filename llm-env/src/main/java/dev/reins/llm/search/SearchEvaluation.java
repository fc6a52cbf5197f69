package dev.reins.llm.search;

import dev.reins.core.random.SplitMix;
import dev.reins.llm.reward.ExactAnswerVerifier;
import dev.reins.llm.reward.PromptExample;
import java.util.List;

/**
 * Held-out accuracy of one search method at one budget: each prompt searched (prompt i seeded from the seed and i; all
 * prompts at once, their forward passes batched), the chosen completion checked by the verifier against the reference
 * answer, and the mean forward passes per prompt.
 *
 * <pre>{@code
 * SearchEvaluation.Result r = SearchEvaluation.run(search, SearchMethod.MCTS, 32, testSet, verifier, 0L);
 * }</pre>
 */
public final class SearchEvaluation {
    private SearchEvaluation() {}

    /**
     * @param policyForwards mean next-token distributions computed per prompt
     * @param valueForwards mean value-model forward passes per prompt
     */
    public record Result(String method, int budget, double accuracy, int correct, int total, double policyForwards, double valueForwards,
            double seconds) {}

    public static Result run(TokenSearch search, SearchMethod method, int budget, List<PromptExample> examples, ExactAnswerVerifier verifier,
            long seed) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("search evaluation needs at least one prompt with an answer");
        }
        long start = System.nanoTime();
        long[] seeds = new long[examples.size()];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = SplitMix.derive(seed, i);
        }
        List<TokenSearch.Outcome> outcomes = search.runAll(method, examples, budget, seeds);
        int correct = 0;
        long policy = 0;
        long value = 0;
        for (int i = 0; i < examples.size(); i++) {
            PromptExample e = examples.get(i);
            TokenSearch.Outcome o = outcomes.get(i);
            correct += verifier.reward(e, o.completion()) > 0 ? 1 : 0;
            policy += o.policyForwards();
            value += o.valueForwards();
        }
        int n = examples.size();
        return new Result(method.cliName(), method == SearchMethod.GREEDY ? 1 : budget, correct / (double) n, correct, n,
                policy / (double) n, value / (double) n, (System.nanoTime() - start) / 1e9);
    }
}
