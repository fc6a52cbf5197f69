package dev.reins.core.algorithm;

import java.util.List;

/**
 * The outcome of evaluating a policy over several episodes.
 *
 * @param episodes number of episodes
 * @param meanReturn mean undiscounted return
 * @param stdReturn population standard deviation of the returns (as numpy's default)
 * @param meanLength mean episode length
 * @param cappedEpisodes episodes stopped by the evaluator's own step cap (the policy looped)
 * @param returns every episode's return
 */
public record EvalResult(int episodes, double meanReturn, double stdReturn, double meanLength, int cappedEpisodes,
        List<Double> returns) {
    public EvalResult {
        returns = List.copyOf(returns);
    }
}
