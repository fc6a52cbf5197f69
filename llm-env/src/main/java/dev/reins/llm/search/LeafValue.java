package dev.reins.llm.search;

import dev.reins.llm.reward.ExactAnswerVerifier;
import dev.reins.llm.reward.RewardModel;

/**
 * What a search believes of a partial or finished completion: the chance, in [0, 1], that it is or will end up right.
 *
 * <pre>{@code
 * LeafValue prm = new LeafValue.ProcessReward(RewardModel.load(Path.of("runs/prm/model")));
 * LeafValue oracle = new LeafValue.Verifier(new ExactAnswerVerifier(AnswerExtractor.whole(), 0));
 * }</pre>
 */
public sealed interface LeafValue {
    /** The value of {@code completion} (tokens after the prompt) in {@code episode}; {@code finished}: it ended. */
    double value(SearchEpisode episode, int[] completion, boolean finished);

    /** A short name for reports. */
    String name();

    /**
     * The finished completion that {@link #value} judged for {@code completion}: the completion itself if finished, the
     * verifier's greedy finish of it, or null when the value is a guess about a partial completion (a process reward
     * model's).
     */
    int[] judgedCompletion(SearchEpisode episode, int[] completion, boolean finished);

    /**
     * A process reward model ({@link RewardModel} trained by {@link ProcessRewardTrainer}): sigmoid of its score of the
     * prompt + completion so far; one value forward pass each.
     */
    record ProcessReward(RewardModel model) implements LeafValue {
        @Override
        public double value(SearchEpisode episode, int[] completion, boolean finished) {
            return 1 / (1 + Math.exp(-episode.valueScore(completion)));
        }

        @Override
        public String name() {
            return "prm";
        }

        @Override
        public int[] judgedCompletion(SearchEpisode episode, int[] completion, boolean finished) {
            return finished ? completion : null;
        }
    }

    /**
     * The task's verifier against the reference answer (an oracle: it knows the answer). An unfinished completion is
     * first finished greedily by the policy (those tokens count as policy forward passes).
     */
    record Verifier(ExactAnswerVerifier verifier) implements LeafValue {
        @Override
        public double value(SearchEpisode episode, int[] completion, boolean finished) {
            int[] whole = finished ? completion : episode.greedyFrom(completion);
            return verifier.reward(episode.example(), episode.text(whole));
        }

        @Override
        public String name() {
            return "verifier";
        }

        @Override
        public int[] judgedCompletion(SearchEpisode episode, int[] completion, boolean finished) {
            return finished ? completion : episode.greedyFrom(completion); // distributions are cached: no new forward passes
        }
    }
}
