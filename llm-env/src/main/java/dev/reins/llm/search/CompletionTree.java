package dev.reins.llm.search;

import dev.reins.algorithms.mcts.Evaluator;
import dev.reins.core.mdp.ForwardModel;
import dev.reins.core.mdp.ModelStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The completions of one prompt as a single-agent {@link ForwardModel} for MCTS: a state is the completion so far, the
 * moves are the policy's most probable next tokens (at most {@code topK}, each at least {@code minProbability}
 * likely), a move that finishes the completion pays its leaf
 * value (and nothing is paid before). As an {@link Evaluator} it gives PUCT the policy's probabilities over those
 * tokens (renormalized) as priors and the leaf value of the completion so far.
 *
 * <pre>{@code
 * CompletionTree tree = new CompletionTree(episode, value, 4, 0.05);
 * Mcts<CompletionTree.Prefix> mcts = new Mcts<>(tree, MctsConfig.puct(32), tree);
 * }</pre>
 */
public final class CompletionTree implements ForwardModel<CompletionTree.Prefix, Integer>, Evaluator<CompletionTree.Prefix> {
    private final SearchEpisode episode;
    private final LeafValue value;
    private final int topK;
    private final double minProbability;

    /** A completion so far (tokens after the prompt), compared by content. */
    public record Prefix(int[] tokens) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Prefix p && Arrays.equals(tokens, p.tokens);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(tokens);
        }

        @Override
        public String toString() {
            return Arrays.toString(tokens);
        }
    }

    public CompletionTree(SearchEpisode episode, LeafValue value, int topK, double minProbability) {
        if (topK <= 0) {
            throw new IllegalArgumentException("top_k must be > 0, got " + topK);
        }
        this.episode = episode;
        this.value = value;
        this.topK = topK;
        this.minProbability = minProbability;
    }

    @Override
    public Prefix initialState(RandomGenerator rng) {
        return new Prefix(new int[0]);
    }

    @Override
    public List<Integer> legalActions(Prefix state) {
        List<Integer> out = new ArrayList<>();
        if (!episode.finished(state.tokens())) {
            for (int t : episode.candidates(state.tokens(), topK, minProbability)) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public ModelStep<Prefix> step(Prefix state, Integer token, RandomGenerator rng) {
        Prefix next = new Prefix(SearchEpisode.append(state.tokens(), token));
        boolean end = episode.finished(next.tokens());
        return new ModelStep<>(next, end ? value.value(episode, next.tokens(), true) : 0.0, end);
    }

    @Override
    public Evaluation evaluate(Prefix state, List<Integer> legal) {
        double[] logp = episode.logProbs(state.tokens());
        double[] priors = new double[legal.size()];
        double sum = 0;
        for (int i = 0; i < priors.length; i++) {
            priors[i] = Math.exp(logp[legal.get(i)]);
            sum += priors[i];
        }
        for (int i = 0; i < priors.length; i++) {
            priors[i] /= sum;
        }
        return new Evaluation(priors, value.value(episode, state.tokens(), false));
    }
}
