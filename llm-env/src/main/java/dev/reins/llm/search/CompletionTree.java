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
 * tokens (renormalized) as priors and the leaf value of the completion so far. It remembers the best finished
 * completion it judged ({@link #bestCompletion()}), the answer a search returns as best-of-N and beam do.
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
    private final double priorTemperature;
    private int[] best;
    private double bestValue = Double.NEGATIVE_INFINITY;

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
        this(episode, value, topK, minProbability, 1.0);
    }

    /**
     * As above, with priors {@code p^(1/priorTemperature)} renormalized: above 1 flattens a peaked policy's priors so
     * that PUCT also tries the less likely tokens near the root before going deep.
     */
    public CompletionTree(SearchEpisode episode, LeafValue value, int topK, double minProbability, double priorTemperature) {
        if (topK <= 0) {
            throw new IllegalArgumentException("top_k must be > 0, got " + topK);
        }
        this.priorTemperature = priorTemperature;
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
        return new ModelStep<>(next, end ? judge(next.tokens(), true) : 0.0, end);
    }

    /** The leaf value of {@code tokens}, remembering the best finished completion judged so far. */
    private double judge(int[] tokens, boolean finished) {
        double v = value.value(episode, tokens, finished);
        int[] whole = value.judgedCompletion(episode, tokens, finished);
        if (whole != null && v > bestValue) { // the first of equal values stays: the search met it earlier
            best = whole;
            bestValue = v;
        }
        return v;
    }

    /** The finished completion with the highest leaf value the search has judged, or null if none was finished. */
    public int[] bestCompletion() {
        return best;
    }

    @Override
    public Evaluation evaluate(Prefix state, List<Integer> legal) {
        double[] logp = episode.logProbs(state.tokens());
        double[] priors = new double[legal.size()];
        double sum = 0;
        for (int i = 0; i < priors.length; i++) {
            priors[i] = Math.exp(logp[legal.get(i)] / priorTemperature);
            sum += priors[i];
        }
        for (int i = 0; i < priors.length; i++) {
            priors[i] /= sum;
        }
        return new Evaluation(priors, judge(state.tokens(), false));
    }
}
