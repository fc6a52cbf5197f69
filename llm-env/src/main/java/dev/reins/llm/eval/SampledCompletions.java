package dev.reins.llm.eval;

import dev.reins.llm.generate.Completion;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.generate.Generator;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RewardFunction;
import dev.reins.llm.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One completion per prompt from a policy, with what RLHF evaluation asks of it: the decoded text, whether it
 * stopped, and its log-probability under the policy and under a reference — so the sequence KL to the reference
 * (Σ log π − log π_ref over the completion's tokens, stop token included) is averaged over prompts without bias.
 *
 * <pre>{@code
 * SampledCompletions s = SampledCompletions.sample(policy, sft, tok, heldOut, DecodingConfig.sampling(16, eos), 7, 64);
 * double kl = s.meanKl();
 * double[] gold = s.scores(goldReward);
 * }</pre>
 */
public record SampledCompletions(List<PromptExample> prompts, List<String> completions, boolean[] stopped, double[] policyLogProbs,
        double[] referenceLogProbs) {

    /** Samples one completion for every prompt in batches of {@code batchSize}; {@code reference} may be null (no KL). */
    public static SampledCompletions sample(Transformer policy, Transformer reference, Tokenizer tokenizer, List<PromptExample> prompts,
            DecodingConfig decoding, long seed, int batchSize) {
        int n = prompts.size();
        List<String> texts = new ArrayList<>(n);
        boolean[] stopped = new boolean[n];
        double[] logp = new double[n];
        double[] refLogp = new double[n];
        for (int from = 0; from < n; from += batchSize) {
            List<PromptExample> batch = prompts.subList(from, Math.min(n, from + batchSize));
            List<int[]> encoded = batch.stream().map(p -> p.encode(tokenizer)).toList();
            List<Completion> completions = Generator.generate(policy, encoded, decoding, seed + from);
            List<int[]> sequences = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                int[] prompt = encoded.get(i);
                int[] tokens = completions.get(i).tokens();
                int[] seq = Arrays.copyOf(prompt, prompt.length + tokens.length);
                System.arraycopy(tokens, 0, seq, prompt.length, tokens.length);
                sequences.add(seq);
                texts.add(tokenizer.decode(completions.get(i).contentTokens()));
                stopped[from + i] = completions.get(i).stopped();
            }
            sum(policy.score(sequences), encoded, sequences, logp, from);
            if (reference != null) {
                sum(reference.score(sequences), encoded, sequences, refLogp, from);
            }
        }
        return new SampledCompletions(List.copyOf(prompts), texts, stopped, logp, reference == null ? null : refLogp);
    }

    private static void sum(Transformer.Scores scores, List<int[]> prompts, List<int[]> sequences, double[] into, int from) {
        for (int r = 0; r < sequences.size(); r++) {
            double s = 0;
            for (int t = prompts.get(r).length - 1; t < sequences.get(r).length - 1; t++) {
                s += scores.logProb(r, t);
            }
            into[from + r] = s;
        }
    }

    /** Mean over prompts of the completion's log π − log π_ref: an unbiased estimate of KL(π ‖ π_ref) per completion. */
    public double meanKl() {
        if (referenceLogProbs == null) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < policyLogProbs.length; i++) {
            s += policyLogProbs[i] - referenceLogProbs[i];
        }
        return s / policyLogProbs.length;
    }

    /** Each completion's score under {@code reward} (one batched call). */
    public double[] scores(RewardFunction reward) {
        return reward.rewards(prompts, completions);
    }

    /** Share of completions that ended with a stop token. */
    public double stoppedFraction() {
        int k = 0;
        for (boolean s : stopped) {
            k += s ? 1 : 0;
        }
        return k / (double) stopped.length;
    }
}
