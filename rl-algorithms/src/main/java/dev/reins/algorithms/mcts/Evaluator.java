package dev.reins.algorithms.mcts;

import java.util.List;

/**
 * What PUCT asks at a new leaf: a prior over the legal actions and a value estimate — a policy/value network in
 * AlphaZero, or random rollouts with a uniform prior.
 *
 * <pre>{@code
 * Evaluator<TicTacToe.Board> uniform = (state, legal) -> new Evaluator.Evaluation(uniformPriors(legal.size()), 0.0);
 * }</pre>
 */
@FunctionalInterface
public interface Evaluator<S> {
    /**
     * @param priors one probability per action of {@code legal}, in its order (summing to 1)
     * @param value the expected return for the player to move in the state
     */
    record Evaluation(double[] priors, double value) {}

    Evaluation evaluate(S state, List<Integer> legal);
}
