package dev.reins.llm.generate;

/**
 * One generated continuation.
 *
 * @param tokens the new tokens, the stop token included when there was one
 * @param stopped whether generation ended at a stop token (false: it ran out of max_new_tokens or context)
 * @param logProbs log-probability of each token under the distribution it was drawn from (for greedy decoding:
 *     under the model's softmax)
 */
public record Completion(int[] tokens, boolean stopped, double[] logProbs) {
    /** The new tokens without the final stop token. */
    public int[] contentTokens() {
        return stopped ? java.util.Arrays.copyOf(tokens, tokens.length - 1) : tokens.clone();
    }
}
