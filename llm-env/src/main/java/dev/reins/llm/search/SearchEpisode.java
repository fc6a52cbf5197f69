package dev.reins.llm.search;

import dev.reins.algorithms.nn.CategoricalHead;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.reward.PromptExample;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One prompt being searched: the policy's next-token distributions at completions of it (each computed once, then
 * cached) and the count of model and value forward passes spent. A completion is a token array after the prompt; it
 * is finished when it ends with the stop token or reaches the length limit or the context.
 *
 * <pre>{@code
 * SearchEpisode e = new SearchEpisode(lm, new DirectModelCalls(lm, null), example, 4);
 * double[] logp = e.logProbs(new int[0]);     // the first token's distribution (one forward pass)
 * }</pre>
 */
public final class SearchEpisode {
    private final LanguageModel policy;
    private final ModelCalls calls;
    private final PromptExample example;
    private final int[] prompt;
    private final int maxNewTokens;
    private final int stop;
    private final Map<CompletionTree.Prefix, double[]> distributions = new HashMap<>();
    private long policyForwards;
    private long valueForwards;

    /** An episode whose forward passes go through {@code calls} (direct, or batched with other searches). */
    public SearchEpisode(LanguageModel policy, ModelCalls calls, PromptExample example, int maxNewTokens) {
        this.policy = policy;
        this.calls = calls;
        this.example = example;
        this.prompt = example.encode(policy.tokenizer());
        int context = policy.transformer().config().contextLength();
        if (prompt.length == 0 || prompt.length >= context) {
            throw new IllegalArgumentException("prompt '" + example.prompt() + "' has " + prompt.length + " tokens; search needs 1.."
                    + (context - 1) + " to leave room in the context of " + context);
        }
        this.maxNewTokens = Math.min(maxNewTokens, context - prompt.length);
        this.stop = policy.tokenizer().endOfText();
    }

    public PromptExample example() {
        return example;
    }

    public int[] prompt() {
        return prompt.clone();
    }

    public int stopToken() {
        return stop;
    }

    public long policyForwards() {
        return policyForwards;
    }

    public long valueForwards() {
        return valueForwards;
    }

    /** The process reward model's score of the prompt and {@code completion} (one value forward pass). */
    double valueScore(int[] completion) {
        valueForwards++;
        return calls.valueScore(sequence(completion));
    }

    /** Whether {@code completion} has ended: the stop token, or no room for another token. */
    public boolean finished(int[] completion) {
        return completion.length > 0 && completion[completion.length - 1] == stop || completion.length >= maxNewTokens;
    }

    /** Next-token log-probabilities after the prompt and {@code completion} (computed once per completion). */
    public double[] logProbs(int[] completion) {
        CompletionTree.Prefix key = new CompletionTree.Prefix(completion);
        double[] cached = distributions.get(key);
        if (cached != null) {
            return cached;
        }
        double[] logits = calls.policyLogits(sequence(completion));
        double[] logp = new double[logits.length];
        CategoricalHead.logSoftmax(logits, 0, logits.length, logp);
        policyForwards++;
        distributions.put(key, logp);
        return logp;
    }

    /** The {@code k} most probable next tokens after {@code completion}, most probable first (ties: the lower id). */
    public int[] topTokens(int[] completion, int k) {
        double[] logp = logProbs(completion);
        Integer[] ids = new Integer[logp.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        Arrays.sort(ids, (a, b) -> logp[a] != logp[b] ? Double.compare(logp[b], logp[a]) : Integer.compare(a, b));
        int[] out = new int[Math.min(k, ids.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids[i];
        }
        return out;
    }

    /** The {@link #topTokens} whose probability is at least {@code minProbability}; never fewer than one. */
    public int[] candidates(int[] completion, int k, double minProbability) {
        int[] top = topTokens(completion, k);
        double[] logp = logProbs(completion);
        int n = 1;
        while (n < top.length && Math.exp(logp[top[n]]) >= minProbability) {
            n++;
        }
        return Arrays.copyOf(top, n);
    }

    /** {@code completion} continued greedily until it is finished. */
    public int[] greedyFrom(int[] completion) {
        int[] c = completion;
        while (!finished(c)) {
            int next = topTokens(c, 1)[0];
            c = append(c, next);
        }
        return c;
    }

    /** The prompt's tokens followed by {@code completion}'s. */
    public int[] sequence(int[] completion) {
        int[] seq = Arrays.copyOf(prompt, prompt.length + completion.length);
        System.arraycopy(completion, 0, seq, prompt.length, completion.length);
        return seq;
    }

    /** The completion's text, without a final stop token. */
    public String text(int[] completion) {
        boolean stopped = completion.length > 0 && completion[completion.length - 1] == stop;
        return policy.tokenizer().decode(stopped ? Arrays.copyOf(completion, completion.length - 1) : completion);
    }

    static int[] append(int[] tokens, int next) {
        int[] out = Arrays.copyOf(tokens, tokens.length + 1);
        out[tokens.length] = next;
        return out;
    }
}
