package dev.reins.llm.search;

import dev.reins.algorithms.mcts.Mcts;
import dev.reins.algorithms.nn.CategoricalHead;
import dev.reins.algorithms.mcts.MctsConfig;
import dev.reins.core.random.Rng;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RewardModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Searches for a prompt's completion with a language model (the policy) and a {@link LeafValue}, spending a budget:
 * <ul>
 *   <li>greedy — the most probable token each step (no budget);</li>
 *   <li>best-of-N — N completions sampled at temperature 1, the one the value rates highest;</li>
 *   <li>beam — N beams; each step every beam is extended by its candidate tokens (see {@link Settings}), the value rates
 *       every extension, the N best unfinished ones go on, and the best finished completion wins;</li>
 *   <li>MCTS — N PUCT simulations over the tree of completions ({@link CompletionTree}: the policy's probabilities over
 *       the candidate tokens as priors, the value at new leaves and at finished completions), then, as best-of-N and
 *       beam do, the finished completion the value rated highest among those it judged (the verifier's greedy
 *       finishes count); with a value that judges no finished completion, the most visited line, finished greedily.</li>
 * </ul>
 * Every method reports the policy forward passes (next-token distributions computed; a completion's distribution is
 * computed once per prompt and reused) and the value forward passes it spent.
 *
 * <pre>{@code
 * TokenSearch search = new TokenSearch(lm, new LeafValue.ProcessReward(prm), TokenSearch.Settings.defaults(4));
 * TokenSearch.Outcome o = search.run(SearchMethod.MCTS, new PromptExample("37+48=", "85"), 32, 0L);
 * }</pre>
 */
public final class TokenSearch {
    private final LanguageModel policy;
    private final LeafValue value;
    private final Settings settings;

    /**
     * @param maxNewTokens completion length limit
     * @param topK tokens considered at each position by beam search and MCTS: at most this many of the most probable
     * @param minProbability ... and only those the policy gives at least this probability (the most probable always),
     *     which keeps the search where the value model has seen data
     * @param exploration PUCT's c (values are in [0, 1])
     */
    public record Settings(int maxNewTokens, int topK, double minProbability, double exploration, double priorTemperature) {
        public Settings {
            if (maxNewTokens <= 0 || topK <= 0 || !(minProbability >= 0 && minProbability <= 1) || !(exploration >= 0)
                    || !(priorTemperature > 0) || Double.isInfinite(priorTemperature)) {
                throw new IllegalArgumentException("search needs max_new_tokens > 0, top_k > 0, min_probability in [0, 1], "
                        + "exploration >= 0 and prior_temperature > 0, got " + maxNewTokens + ", " + topK + ", " + minProbability + ", "
                        + exploration + ", " + priorTemperature);
            }
        }

        /** The policy's own priors (temperature 1). */
        public Settings(int maxNewTokens, int topK, double minProbability, double exploration) {
            this(maxNewTokens, topK, minProbability, exploration, 1.0);
        }

        /** At most the 4 most probable tokens with probability ≥ 0.05 at each position, c = 1, the policy's priors. */
        public static Settings defaults(int maxNewTokens) {
            return new Settings(maxNewTokens, 4, 0.05, 1.0);
        }
    }

    /** The chosen completion (text without the stop token) and the forward passes spent on the prompt. */
    public record Outcome(String completion, long policyForwards, long valueForwards) {}

    public TokenSearch(LanguageModel policy, LeafValue value, Settings settings) {
        this.policy = policy;
        this.value = value;
        this.settings = settings;
    }

    /** Runs {@code method} with {@code budget} (samples, beams or simulations; ignored by greedy) on one prompt. */
    public Outcome run(SearchMethod method, PromptExample example, int budget, long seed) {
        return run(method, example, budget, seed, new DirectModelCalls(policy, valueModel()));
    }

    /**
     * Runs {@code method} on every prompt (prompt i seeded by {@code seeds[i]}), batching their forward passes
     * ({@link LockstepSearches}): the same outcomes as one by one, hundreds of times faster for small models.
     */
    public List<Outcome> runAll(SearchMethod method, List<PromptExample> examples, int budget, long[] seeds) {
        checkBudget(budget);
        return LockstepSearches.run(policy, valueModel(), examples.size(),
                (calls, i) -> run(method, examples.get(i), budget, seeds[i], calls));
    }

    private RewardModel valueModel() {
        return value instanceof LeafValue.ProcessReward p ? p.model() : null;
    }

    private static void checkBudget(int budget) {
        if (budget <= 0) {
            throw new IllegalArgumentException("--budget must be > 0, got " + budget);
        }
    }

    private Outcome run(SearchMethod method, PromptExample example, int budget, long seed, ModelCalls calls) {
        checkBudget(budget);
        SearchEpisode episode = new SearchEpisode(policy, calls, example, settings.maxNewTokens());
        int[] completion = switch (method) {
            case GREEDY -> episode.greedyFrom(new int[0]);
            case BEST_OF_N -> bestOfN(episode, budget, new Rng(seed));
            case BEAM -> beam(episode, budget);
            case MCTS -> mcts(episode, budget, new Rng(seed));
        };
        return new Outcome(episode.text(completion), episode.policyForwards(), episode.valueForwards());
    }

    private int[] bestOfN(SearchEpisode episode, int n, Rng rng) {
        int[] best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            int[] c = new int[0];
            while (!episode.finished(c)) {
                double[] logp = episode.logProbs(c);
                c = SearchEpisode.append(c, CategoricalHead.sample(logp, 0, logp.length, rng));
            }
            double v = value.value(episode, c, true);
            if (v > bestValue) {
                best = c;
                bestValue = v;
            }
        }
        return best;
    }

    private record Candidate(int[] tokens, double value, boolean finished) {}

    private int[] beam(SearchEpisode episode, int beams) {
        List<Candidate> live = List.of(new Candidate(new int[0], 0, false));
        List<Candidate> finished = new ArrayList<>();
        while (!live.isEmpty()) {
            List<Candidate> extensions = new ArrayList<>();
            for (Candidate b : live) {
                for (int t : episode.candidates(b.tokens(), settings.topK(), settings.minProbability())) {
                    int[] c = SearchEpisode.append(b.tokens(), t);
                    boolean end = episode.finished(c);
                    extensions.add(new Candidate(c, value.value(episode, c, end), end));
                }
            }
            extensions.sort(Comparator.comparingDouble(Candidate::value).reversed()); // stable: ties keep the policy's order
            List<Candidate> next = new ArrayList<>();
            for (Candidate c : extensions) {
                if (c.finished()) {
                    finished.add(c);
                } else if (next.size() < beams) {
                    next.add(c);
                }
            }
            live = next;
        }
        return finished.stream().max(Comparator.comparingDouble(Candidate::value)).orElseThrow().tokens();
    }

    private int[] mcts(SearchEpisode episode, int simulations, Rng rng) {
        CompletionTree tree = new CompletionTree(episode, value, settings.topK(), settings.minProbability(), settings.priorTemperature());
        // Values are chances in [0, 1]: an untried token starts at its parent's value, not at 0 (the worst).
        // The answer is the best completion judged, so a subtree enumerated to its end has nothing more to give.
        MctsConfig config = new MctsConfig(simulations, settings.exploration(), 1.0, 10_000)
                .withUnvisitedValue(MctsConfig.UnvisitedValue.PARENT).withExhaustedSkipped(true);
        Mcts<CompletionTree.Prefix> search = new Mcts<>(tree, config, tree);
        search.search(tree.initialState(rng), rng);
        if (tree.bestCompletion() != null) {
            return tree.bestCompletion(); // as best-of-N and beam: the best-valued finished completion judged
        }
        int[] line = new int[0];
        for (int token : search.principalVariation()) {
            line = SearchEpisode.append(line, token);
        }
        return episode.greedyFrom(line);
    }
}
