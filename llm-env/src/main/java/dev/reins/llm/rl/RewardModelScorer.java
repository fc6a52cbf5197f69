package dev.reins.llm.rl;

import dev.reins.algorithms.grpo.Episode;
import dev.reins.algorithms.grpo.EpisodeScorer;
import dev.reins.llm.reward.RewardModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores token-env episodes with a reward model, in batches, on the exact token ids: the prompt, then the completion
 * without its stop token (the reward model never sees end-of-text, as it was trained; whether an episode stopped is
 * PPO's {@code missing_eos_penalty}). The policy and the reward model must share a tokenizer.
 *
 * <pre>{@code
 * EpisodeScorer<int[]> scorer = new RewardModelScorer(RewardModel.load(dir));
 * }</pre>
 */
public final class RewardModelScorer implements EpisodeScorer<int[]> {
    private final RewardModel model;

    public RewardModelScorer(RewardModel model) {
        this.model = model;
    }

    @Override
    public double[] scores(List<Episode<int[]>> episodes) {
        List<int[]> sequences = new ArrayList<>(episodes.size());
        int context = model.backbone().config().contextLength();
        for (Episode<int[]> e : episodes) {
            int[] prompt = e.firstObservation();
            int kept = e.actions().length - (e.terminated() ? 1 : 0); // a terminated episode ended with its stop token
            int[] seq = Arrays.copyOf(prompt, prompt.length + kept);
            System.arraycopy(e.actions(), 0, seq, prompt.length, kept);
            if (seq.length > context) {
                throw new IllegalArgumentException("the reward model's context holds " + context + " tokens; a prompt + completion has "
                        + seq.length + " (lower max_new_tokens or use a reward model with a longer context)");
            }
            sequences.add(seq);
        }
        return model.scores(sequences);
    }
}
